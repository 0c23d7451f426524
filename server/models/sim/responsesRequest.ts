// What the simulated server accepts as a Responses API request (`POST /v1/responses`, or a
// WebSocket `response.create`), validated with zod and mapped onto the same SimMessage
// conversation that chat completions use, so `respond()` answers both APIs alike. Input items and
// output items share one mapping, so a stored response's conversation can be prepended for
// `previous_response_id` and a steered response's partial output becomes an assistant message.
import { z } from 'zod';
import type { SimMessage } from './simRequest';

const partSchema = z.looseObject({ type: z.string(), text: z.string().optional() });
const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'system', 'developer', 'assistant']),
  content: z.union([z.string(), z.array(partSchema)]),
});
const callItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  status: z.string().optional(),
});
const outputItem = z.looseObject({ type: z.literal('function_call_output'), call_id: z.string(), output: z.string() });
const itemSchema = z.union([messageItem, callItem, outputItem]);
export const inputSchema = z.union([z.string(), z.array(itemSchema)]);
type ResponseInput = z.infer<typeof inputSchema>;

export const responsesBodySchema = z.looseObject({
  model: z.string().min(1),
  input: inputSchema,
  instructions: z.string().nullish(),
  tools: z.array(z.looseObject({ type: z.string(), name: z.string().optional() })).nullish(),
  previous_response_id: z.string().nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type ResponsesBody = z.infer<typeof responsesBodySchema>;

/** Fields OpenAI rejects on /v1/responses that a chat-completions client might send. */
const UNKNOWN_PARAMETERS = ['prediction', 'messages'];

export type RequestError = { status: number; type: string; code: string; param: string | null; message: string };

export function unknownParameter(body: object): RequestError | null {
  const name = UNKNOWN_PARAMETERS.find((p) => p in body);
  if (name === undefined) return null;
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'unknown_parameter',
    param: name,
    message: `Unknown parameter: '${name}'.`,
  };
}

export function notFound(id: string): RequestError {
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
    param: 'previous_response_id',
    message: `Previous response with id '${id}' not found.`,
  };
}

export function invalidBody(issue: { path: PropertyKey[]; message: string }): RequestError {
  const where = issue.path.map(String).join('.') || 'body';
  return {
    status: 400,
    type: 'invalid_request_error',
    code: 'invalid_request',
    param: null,
    message: `${where}: ${issue.message}`,
  };
}

const textOf = (content: string | { text?: string }[]) =>
  typeof content === 'string' ? content : content.map((p) => p.text ?? '').join('');

const message = (role: string, content: string): SimMessage => ({ role, content, toolCalls: [], toolCallId: null });

/** Input (or output) items as a conversation; consecutive function calls form one assistant turn. */
export function itemsToMessages(input: ResponseInput): SimMessage[] {
  if (typeof input === 'string') return [message('user', input)];
  const out: SimMessage[] = [];
  for (const item of input) {
    if (item.type === 'function_call') {
      const last = out.at(-1);
      const call = { id: item.call_id, name: item.name, arguments: item.arguments };
      if (last?.role === 'assistant' && last.toolCalls.length > 0) last.toolCalls.push(call);
      else out.push({ ...message('assistant', ''), toolCalls: [call] });
    } else if (item.type === 'function_call_output') {
      out.push({ ...message('tool', item.output), toolCallId: item.call_id });
    } else {
      out.push(message(item.role === 'developer' ? 'system' : item.role, textOf(item.content)));
    }
  }
  return out;
}

/** A response's output items as conversation turns: messages (even cut short) and finished calls. */
export function outputToMessages(items: { type: string; status: string }[]): SimMessage[] {
  const kept = items.filter((i) => i.type === 'message' || (i.type === 'function_call' && i.status === 'completed'));
  const parsed = z.array(itemSchema).safeParse(kept);
  return parsed.success
    ? itemsToMessages(parsed.data).filter((m) => m.role !== 'assistant' || m.content !== '' || m.toolCalls.length > 0)
    : [];
}

export function toolNamesOf(body: ResponsesBody): string[] {
  return (body.tools ?? []).flatMap((t) => (t.type === 'function' && t.name !== undefined ? [t.name] : []));
}

export const instructionsOf = (body: ResponsesBody): SimMessage[] =>
  body.instructions ? [message('system', body.instructions)] : [];
