// The Responses API's streaming events as servers send them, built for the awkward server's scripts
// and the tests that script it (awkwardServer.ts): whole text and tool-call answers, and their parts.
type Json = Record<string, unknown>;

export type Usage = { input: number; output: number; cached: number };
const usage = (u: Usage) => ({
  input_tokens: u.input,
  input_tokens_details: { cached_tokens: u.cached },
  output_tokens: u.output,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: u.input + u.output,
});

export const created = (id: string, previous: string | null = null): Json => ({
  type: 'response.created',
  response: { id, object: 'response', status: 'in_progress', previous_response_id: previous, output: [] },
});
export const completed = (id: string, u: Usage = { input: 10, output: 3, cached: 0 }): Json => ({
  type: 'response.completed',
  response: { id, object: 'response', status: 'completed', usage: usage(u) },
});
export const incomplete = (id: string, reason: string, u?: Usage): Json => ({
  type: 'response.incomplete',
  response: { id, status: 'incomplete', incomplete_details: { reason }, ...(u ? { usage: usage(u) } : {}) },
});
export const messageItem = (itemId: string): Json => ({
  type: 'response.output_item.added',
  output_index: 0,
  item: { id: itemId, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
});
export const textDelta = (itemId: string, delta: string): Json => ({
  type: 'response.output_text.delta',
  item_id: itemId,
  output_index: 0,
  content_index: 0,
  delta,
  logprobs: [],
  obfuscation: 'x9',
});

/** A whole text answer: created, an item, the deltas, unknown events in between, completed. */
export function textEvents(id: string, deltas: string[], u?: Usage): Json[] {
  const item = `msg_${id}`;
  return [
    created(id),
    { type: 'response.in_progress', response: { id, status: 'in_progress' } },
    { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', delta: 'thinking' },
    messageItem(item),
    { type: 'response.content_part.added', item_id: item, part: { type: 'output_text', text: '' } },
    ...deltas.map((d) => textDelta(item, d)),
    { type: 'response.output_text.annotation.added', item_id: item, annotation: { type: 'url_citation' } },
    { type: 'response.output_text.done', item_id: item, text: deltas.join('') },
    { type: 'response.output_item.done', item: { id: item, type: 'message', status: 'completed' } },
    completed(id, u),
  ];
}

export type ScriptedCall = { itemId: string; callId: string; name: string; pieces: string[] };

/** A tool-call answer: arguments in delta pieces, or (with no pieces) only in `output_item.done`. */
export function toolEvents(id: string, calls: ScriptedCall[], args: string[]): Json[] {
  return [
    created(id),
    ...calls.flatMap((c, i) => [
      {
        type: 'response.output_item.added',
        output_index: i,
        item: { id: c.itemId, type: 'function_call', call_id: c.callId, name: c.name, arguments: '' },
      },
      ...c.pieces.map((delta) => ({ type: 'response.function_call_arguments.delta', item_id: c.itemId, delta })),
      ...(c.pieces.length
        ? [{ type: 'response.function_call_arguments.done', item_id: c.itemId, arguments: args[i] }]
        : []),
      {
        type: 'response.output_item.done',
        output_index: i,
        item: { id: c.itemId, type: 'function_call', call_id: c.callId, name: c.name, arguments: args[i] },
      },
    ]),
    completed(id, { input: 50, output: 20, cached: 0 }),
  ];
}
