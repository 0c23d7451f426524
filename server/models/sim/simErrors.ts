// The simulated server's error answers: over HTTP in the two body shapes real servers use (OpenAI's
// nested `{"error":{message,type,param,code}}` and vLLM's flat `{"object":"error",…}`, used for
// 503), and the same faults as a WebSocket `error` event.
import type http from 'node:http';
import type { z } from 'zod';
import type { Fault } from './faults';

export type ErrorFields = { message: string; type: string; code: string | null; param?: string | null };
type Recorded = { status: number | null };
type FaultAnswer = { status: number; error: ErrorFields; headers?: Record<string, string> };

export function sendError(
  res: http.ServerResponse,
  record: Recorded,
  status: number,
  error: ErrorFields,
  headers: Record<string, string> = {},
): void {
  record.status = status;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { param: null, ...error } }));
}

/** The body parsed by `schema`, or null after answering 400 with the first issue, as OpenAI words it. */
export function parseBodyOr400<S extends z.ZodType>(
  schema: S,
  json: unknown,
  res: http.ServerResponse,
  record: Recorded,
): z.infer<S> | null {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const message = `Invalid request: ${issue.path.join('.') || 'body'}: ${issue.message}`;
  sendError(res, record, 400, { message, type: 'invalid_request_error', code: null });
  return null;
}

/** The answer to a fault that happens before streaming starts; null for a mid-stream one. */
export function faultAnswer(fault: Fault, authorization: string): FaultAnswer | null {
  switch (fault.kind) {
    case 'rate_limit':
      return {
        status: 429,
        error: {
          message: `Rate limit reached for requests (simulated). Please try again in ${fault.retryAfterMs}ms.`,
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
        headers: {
          'retry-after': String(Math.ceil(fault.retryAfterMs / 1000)),
          'retry-after-ms': String(fault.retryAfterMs),
        },
      };
    case 'quota':
      return {
        status: 429,
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details (simulated).',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      };
    case 'server_error':
      return {
        status: 500,
        error: {
          message: 'The server had an error while processing your request (simulated).',
          type: 'server_error',
          code: null,
        },
      };
    case 'overloaded':
      return {
        status: 503,
        error: {
          message: 'The model is overloaded, please try again later (simulated).',
          type: 'ServiceUnavailableError',
          code: '503',
        },
      };
    case 'auth':
      // Deliberately echoes the whole key, as a careless server might: the adapter must redact it.
      return {
        status: 401,
        error: {
          message: `Incorrect API key provided: ${authorization.replace(/^Bearer\s+/i, '')}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      };
    default:
      return null;
  }
}

/** Acts out a fault that happens before streaming starts; false when the fault is a mid-stream one. */
export function sendFault(res: http.ServerResponse, record: Recorded, fault: Fault, authorization: string): boolean {
  const answer = faultAnswer(fault, authorization);
  if (answer === null) return false;
  if (fault.kind !== 'overloaded') {
    sendError(res, record, answer.status, answer.error, answer.headers);
    return true;
  }
  record.status = 503;
  res.writeHead(503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'error', ...answer.error, param: null, code: 503 }));
  return true;
}
