// The simulated server's HTTP error responses, in the two body shapes real servers use: OpenAI's
// nested `{"error":{message,type,param,code}}` and vLLM's flat `{"object":"error",…}` (used for 503).
import type http from 'node:http';
import type { Fault } from './faults';

type ErrorFields = { message: string; type: string; code: string | null };
type Recorded = { status: number | null };

export function sendError(
  res: http.ServerResponse,
  record: Recorded,
  status: number,
  error: ErrorFields,
  headers: Record<string, string> = {},
): void {
  record.status = status;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { ...error, param: null } }));
}

/** Acts out a fault that happens before streaming starts; false when the fault is a mid-stream one. */
export function sendFault(res: http.ServerResponse, record: Recorded, fault: Fault, authorization: string): boolean {
  switch (fault.kind) {
    case 'rate_limit': {
      const seconds = Math.ceil(fault.retryAfterMs / 1000);
      sendError(
        res,
        record,
        429,
        {
          message: `Rate limit reached for requests (simulated). Please try again in ${fault.retryAfterMs}ms.`,
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
        { 'retry-after': String(seconds), 'retry-after-ms': String(fault.retryAfterMs) },
      );
      return true;
    }
    case 'quota':
      sendError(res, record, 429, {
        message: 'You exceeded your current quota, please check your plan and billing details (simulated).',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
      });
      return true;
    case 'server_error':
      sendError(res, record, 500, {
        message: 'The server had an error while processing your request (simulated).',
        type: 'server_error',
        code: null,
      });
      return true;
    case 'overloaded':
      record.status = 503;
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'error',
          message: 'The model is overloaded, please try again later (simulated).',
          type: 'ServiceUnavailableError',
          param: null,
          code: 503,
        }),
      );
      return true;
    case 'auth': {
      // Deliberately echoes the whole key, as a careless server might: the adapter must redact it.
      const key = authorization.replace(/^Bearer\s+/i, '');
      sendError(res, record, 401, {
        message: `Incorrect API key provided: ${key}.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      });
      return true;
    }
    default:
      return false;
  }
}
