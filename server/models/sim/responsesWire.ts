// The OpenAI Responses API's stream events for a simulated reply: the event objects of a text
// answer or of tool calls (paced steps, sequence numbers added when sent), mid-stream faults, the
// closing events of a response cut short by a steer, and the whole response object.
// Pure and deterministic: item ids derive from the response id.
import type { Fault } from './faults';
import type { Step } from './pacer';
import type { SimReply } from './respond';
import { completionTokens, faultIndex } from './simWire';
import { tokenize } from './tokenize';

export type RespEvent = { type: string; [key: string]: unknown };
/** What a step sends: an event (framed with its sequence number), or raw text, not JSON (the malformed fault). */
export type Payload = RespEvent | string;
type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export type ResponseContext = {
  id: string;
  model: string;
  createdAt: number;
  previousResponseId: string | null;
  chunkTokens: number;
  /** All input tokens of the conversation, and the part the server already held (not prefilled). */
  inputTokens: number;
  cachedTokens: number;
};

type Item = { id: string; type: string; status: string; [key: string]: unknown };

const INJECTED_ERROR = 'The simulated model hit an injected error while generating.';

function usageOf(ctx: ResponseContext, outputTokens: number) {
  return {
    input_tokens: ctx.inputTokens,
    input_tokens_details: { cached_tokens: ctx.cachedTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: ctx.inputTokens + outputTokens,
  };
}

function responseObject(
  ctx: ResponseContext,
  status: ResponseStatus,
  fields: {
    output?: Item[];
    usage?: unknown;
    incompleteReason?: string;
    error?: { code: string; message: string };
  } = {},
) {
  return {
    id: ctx.id,
    object: 'response',
    created_at: ctx.createdAt,
    status,
    model: ctx.model,
    output: fields.output ?? [],
    previous_response_id: ctx.previousResponseId,
    incomplete_details: fields.incompleteReason === undefined ? null : { reason: fields.incompleteReason },
    error: fields.error ?? null,
    usage: fields.usage ?? null,
  };
}

const suffix = (ctx: ResponseContext) => ctx.id.replace(/^resp_/, '');
const textPart = (text: string) => ({ type: 'output_text', text, annotations: [] });
const messageItem = (ctx: ResponseContext, status: string, text: string | null): Item => ({
  id: `msg_${suffix(ctx)}_0`,
  type: 'message',
  status,
  role: 'assistant',
  content: text === null ? [] : [textPart(text)],
});
const callItem = (ctx: ResponseContext, i: number, status: string, name: string, args: string): Item => ({
  id: `fc_${suffix(ctx)}_${i}`,
  type: 'function_call',
  status,
  call_id: `call_${suffix(ctx)}_${i}`,
  name,
  arguments: args,
});

/** The output items of a finished reply. */
export function outputItems(reply: SimReply, ctx: ResponseContext): Item[] {
  return reply.kind === 'text'
    ? [messageItem(ctx, 'completed', reply.text)]
    : reply.calls.map((c, i) => callItem(ctx, i, 'completed', c.name, c.arguments));
}

export function completedResponse(reply: SimReply, ctx: ResponseContext) {
  return responseObject(ctx, 'completed', {
    output: outputItems(reply, ctx),
    usage: usageOf(ctx, completionTokens(reply)),
  });
}

/** Sent at once, before the model's first token. */
export function openingEvents(ctx: ResponseContext): RespEvent[] {
  return [
    { type: 'response.created', response: responseObject(ctx, 'in_progress') },
    { type: 'response.in_progress', response: responseObject(ctx, 'in_progress') },
  ];
}

function groups(text: string, size: number): { text: string; tokens: number }[] {
  const tokens = tokenize(text);
  const out: { text: string; tokens: number }[] = [];
  for (let i = 0; i < tokens.length; i += size) {
    const g = tokens.slice(i, i + size);
    out.push({ text: g.join(''), tokens: g.length });
  }
  return out;
}

/** The paced events from the first output item to `response.completed`. */
export function responseSteps(reply: SimReply, ctx: ResponseContext): Step<Payload>[] {
  const size = Math.max(1, Math.floor(ctx.chunkTokens));
  const steps: Step<Payload>[] = [];
  const emit = (data: RespEvent, tokens = 0) => steps.push({ kind: 'write', data, tokens });
  if (reply.kind === 'text') {
    const item = messageItem(ctx, 'in_progress', null);
    const at = { item_id: item.id, output_index: 0, content_index: 0 };
    emit({ type: 'response.output_item.added', output_index: 0, item });
    emit({ type: 'response.content_part.added', ...at, part: textPart('') });
    for (const g of groups(reply.text, size))
      emit({ type: 'response.output_text.delta', ...at, delta: g.text }, g.tokens);
    emit({ type: 'response.output_text.done', ...at, text: reply.text });
    emit({ type: 'response.content_part.done', ...at, part: textPart(reply.text) });
    emit({ type: 'response.output_item.done', output_index: 0, item: messageItem(ctx, 'completed', reply.text) });
  } else {
    reply.calls.forEach((c, i) => {
      const at = { item_id: callItem(ctx, i, '', '', '').id, output_index: i };
      emit(
        { type: 'response.output_item.added', output_index: i, item: callItem(ctx, i, 'in_progress', c.name, '') },
        1,
      );
      for (const g of groups(c.arguments, size))
        emit({ type: 'response.function_call_arguments.delta', ...at, delta: g.text }, g.tokens);
      emit({ type: 'response.function_call_arguments.done', ...at, arguments: c.arguments });
      emit({
        type: 'response.output_item.done',
        output_index: i,
        item: callItem(ctx, i, 'completed', c.name, c.arguments),
      });
    });
  }
  emit({ type: 'response.completed', response: completedResponse(reply, ctx) });
  return steps;
}

/** Splices a mid-stream fault in after `after` tokens; faults without a token count change nothing. */
export function withResponseFault(steps: Step<Payload>[], fault: Fault, ctx: ResponseContext): Step<Payload>[] {
  if (!('after' in fault)) return steps;
  const at = faultIndex(steps, fault.after);
  const head = steps.slice(0, at + 1);
  switch (fault.kind) {
    case 'stall':
    case 'reset':
    case 'drop':
      return [...head, { kind: fault.kind }];
    case 'malformed': {
      const broken = `{"type":"response.output_text.delta","item_id":"msg_${suffix(ctx)}_0","delta":"`;
      return [...head, { kind: 'write', data: broken, tokens: 0 }, ...steps.slice(at + 1)];
    }
    case 'error': {
      const error = { code: 'server_error', message: INJECTED_ERROR };
      const failed = responseObject(ctx, 'failed', { error, usage: usageOf(ctx, sentTokens(head)) });
      return [
        ...head,
        { kind: 'write', data: { type: 'error', ...error, param: null }, tokens: 0 },
        { kind: 'write', data: { type: 'response.failed', response: failed }, tokens: 0 },
        { kind: 'end' },
      ];
    }
  }
}

function sentTokens(steps: Step<Payload>[]): number {
  return steps.reduce((n, s) => n + (s.kind === 'write' ? s.tokens : 0), 0);
}

/** What a stream cut short had shown: the finished items, the open one, and the text of the message. */
export type Progress = {
  done: Item[];
  open: { item: Item; index: number; text: string; args: string; textDone: boolean; partDone: boolean } | null;
  text: string;
};

export function progressOf(sent: Payload[]): Progress {
  const progress: Progress = { done: [], open: null, text: '' };
  for (const p of sent) {
    if (typeof p === 'string') continue;
    const open = progress.open;
    if (p.type === 'response.output_item.added') {
      const item = p.item as Item;
      progress.open = { item, index: p.output_index as number, text: '', args: '', textDone: false, partDone: false };
    } else if (open && p.type === 'response.output_text.delta') {
      open.text += p.delta as string;
      progress.text += p.delta as string;
    } else if (open && p.type === 'response.function_call_arguments.delta') open.args += p.delta as string;
    else if (open && p.type === 'response.output_text.done') open.textDone = true;
    else if (open && p.type === 'response.content_part.done') open.partDone = true;
    else if (p.type === 'response.output_item.done') {
      progress.done.push(p.item as Item);
      progress.open = null;
    }
  }
  return progress;
}

/** The open item as it stands, marked incomplete. */
function incompleteItem(open: NonNullable<Progress['open']>): Item {
  return open.item.type === 'message'
    ? { ...open.item, status: 'incomplete', content: [textPart(open.text)] }
    : { ...open.item, status: 'incomplete', arguments: open.args };
}

/** A steered response's end: its open part and item closed (status "incomplete"), then `response.incomplete`. */
export function steeredEvents(progress: Progress, ctx: ResponseContext, outputTokens: number): RespEvent[] {
  const events: RespEvent[] = [];
  const open = progress.open;
  const output = [...progress.done];
  if (open !== null) {
    const at = { item_id: open.item.id, output_index: open.index };
    if (open.item.type === 'message') {
      if (!open.textDone) events.push({ type: 'response.output_text.done', ...at, content_index: 0, text: open.text });
      if (!open.partDone)
        events.push({ type: 'response.content_part.done', ...at, content_index: 0, part: textPart(open.text) });
    } else events.push({ type: 'response.function_call_arguments.done', ...at, arguments: open.args });
    const item = incompleteItem(open);
    events.push({ type: 'response.output_item.done', output_index: open.index, item });
    output.push(item);
  }
  const response = responseObject(ctx, 'incomplete', {
    output,
    usage: usageOf(ctx, outputTokens),
    incompleteReason: 'steered',
  });
  return [...events, { type: 'response.incomplete', response }];
}

/** The items a response cut short had shown, the open one marked incomplete. */
export function shownItems(progress: Progress): Item[] {
  return progress.open === null ? progress.done : [...progress.done, incompleteItem(progress.open)];
}
