// Reads the Responses API's stream events (one JSON object each, from an SSE `data:` line or a
// WebSocket frame) into the provider-neutral `ParsedStreamEvent`s (pure: no I/O, no clock). One
// reader per call: it follows the call's responses (a steered response and its successor), their
// output items and tool calls, and adds their usage up. A delta for an item never announced, an
// object without a type, or an event outside the `response.*` family it does not know is
// malformed; unknown `response.*` events (reasoning, annotations, new kinds) are skipped, since
// the API adds event types over time.
import { readErrorPayload } from '../chatStream';
import type { FinishReason, ParsedStreamEvent, Usage } from '../types';

type Json = Record<string, unknown>;
type ErrorEvent = Extract<ParsedStreamEvent, { type: 'stream-error' }>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Events that carry nothing Tandem uses: skipped without a second look. */
const SKIPPED = new Set([
  'response.in_progress',
  'response.queued',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.done',
  'rate_limits.updated',
]);

type Call = { index: number; callId: string; name: string; args: string };

export class ResponsesEventReader {
  /** Output items of the current response by item id: messages (null) and function calls. */
  private items = new Map<string, Call | null>();
  private calls = 0;
  private usage: Usage | null = null;
  private sawToolCall = false;
  /** A steer was accepted and not committed yet: the current response's end is not the call's. */
  private awaitingSuccessor = false;
  /** How the response ended while a steer was pending (its finish, if the steer then fails). */
  private endedWhileAwaiting: FinishReason | null = null;
  /** True once a terminal event ended the call; later events are ignored. */
  done = false;

  read(event: unknown): ParsedStreamEvent[] {
    if (this.done) return [];
    if (!isObject(event) || typeof event.type !== 'string') return this.malformed('an event without a type');
    const type = event.type;
    switch (type) {
      case 'response.created':
        return this.created(event);
      case 'response.output_item.added':
        return this.itemAdded(event);
      case 'response.output_text.delta':
        return this.textDelta(event);
      case 'response.function_call_arguments.delta':
        return this.argumentsDelta(event);
      case 'response.function_call_arguments.done':
        return this.argumentsDone(event);
      case 'response.output_item.done':
        return this.itemDone(event);
      case 'response.completed':
        return this.terminal(event, this.sawToolCall ? 'tool_calls' : 'stop');
      case 'response.incomplete':
        return this.incomplete(event);
      case 'response.failed':
        return this.failed(event);
      case 'error':
        return this.error(event);
      case 'response.steer.accepted':
        this.awaitingSuccessor = true;
        return [{ type: 'steer', status: 'accepted', message: null }];
      case 'response.steer.pending':
        // The steer waits for a tool result: no successor now, the response's end is the call's.
        return this.steerSettled({ type: 'steer', status: 'pending', message: null });
      case 'response.steer.failed':
        return this.steerSettled({ type: 'steer', status: 'failed', message: steerFailure(event) });
      default:
        if (SKIPPED.has(type) || type.startsWith('response.')) return [];
        return this.malformed(`an event of unknown type ${JSON.stringify(type.slice(0, 60))}`);
    }
  }

  private created(event: Json): ParsedStreamEvent[] {
    const response = isObject(event.response) ? event.response : null;
    const id = str(response?.id);
    if (id === null) return this.malformed('response.created without a response id');
    this.items = new Map();
    this.awaitingSuccessor = false;
    this.endedWhileAwaiting = null;
    return [{ type: 'response-created', id, previousResponseId: str(response?.previous_response_id) }];
  }

  private itemAdded(event: Json): ParsedStreamEvent[] {
    const item = isObject(event.item) ? event.item : null;
    const id = str(item?.id);
    if (item === null || id === null) return this.malformed('response.output_item.added without an item id');
    if (item.type !== 'function_call') {
      this.items.set(id, null);
      return [];
    }
    const call: Call = {
      index: this.calls++,
      callId: str(item.call_id) ?? id,
      name: str(item.name) ?? '',
      args: str(item.arguments) ?? '',
    };
    this.items.set(id, call);
    this.sawToolCall = true;
    return [
      { type: 'tool-call-delta', index: call.index, id: call.callId, name: call.name, argumentsDelta: call.args },
    ];
  }

  private textDelta(event: Json): ParsedStreamEvent[] {
    const itemId = str(event.item_id);
    if (itemId !== null && this.items.get(itemId) !== null)
      return this.malformed(`a text delta for unknown item ${itemId}`);
    const delta = str(event.delta);
    return delta ? [{ type: 'text', text: delta }] : [];
  }

  private argumentsDelta(event: Json): ParsedStreamEvent[] {
    const call = this.call(event);
    if (call === null) return this.malformed(`an arguments delta for unknown item ${String(event.item_id)}`);
    const delta = str(event.delta) ?? '';
    call.args += delta;
    if (!delta) return [];
    return [{ type: 'tool-call-delta', index: call.index, id: call.callId, name: call.name, argumentsDelta: delta }];
  }

  private argumentsDone(event: Json): ParsedStreamEvent[] {
    const call = this.call(event);
    if (call === null) return this.malformed(`arguments for unknown item ${String(event.item_id)}`);
    const args = str(event.arguments);
    if (args !== null) call.args = args;
    return [];
  }

  private itemDone(event: Json): ParsedStreamEvent[] {
    const item = isObject(event.item) ? event.item : null;
    const id = str(item?.id);
    if (item === null || id === null) return [];
    const call = this.items.get(id);
    if (call === undefined || call === null) return [];
    if (typeof item.arguments === 'string') call.args = item.arguments;
    if (typeof item.name === 'string' && item.name) call.name = item.name;
    this.items.delete(id);
    return [{ type: 'tool-call', index: call.index, id: call.callId, name: call.name, arguments: call.args }];
  }

  private call(event: Json): Call | null {
    const itemId = str(event.item_id);
    return itemId === null ? null : (this.items.get(itemId) ?? null);
  }

  private incomplete(event: Json): ParsedStreamEvent[] {
    const response = isObject(event.response) ? event.response : {};
    const details = isObject(response.incomplete_details) ? response.incomplete_details : {};
    const reason = str(details.reason) ?? 'incomplete';
    if (reason === 'steered') {
      this.addUsage(response.usage);
      // If the successor then cannot be created (steer.failed), the call ends here.
      this.endedWhileAwaiting = 'incomplete';
      return [{ type: 'steered', id: str(response.id) ?? '' }];
    }
    const finish: FinishReason = reason === 'max_output_tokens' ? 'length' : reason;
    return this.terminal(event, finish);
  }

  private terminal(event: Json, reason: FinishReason): ParsedStreamEvent[] {
    const response = isObject(event.response) ? event.response : {};
    this.addUsage(response.usage);
    if (this.awaitingSuccessor) {
      // A normal end can be followed by the steer's successor: the call goes on until it comes.
      this.endedWhileAwaiting = reason;
      return [{ type: 'steered', id: str(response.id) ?? '' }];
    }
    return this.finish(reason);
  }

  /** A steer that will have no successor: if the response already ended, so does the call. */
  private steerSettled(outcome: ParsedStreamEvent): ParsedStreamEvent[] {
    this.awaitingSuccessor = false;
    const ended = this.endedWhileAwaiting;
    if (ended === null) return [outcome];
    this.endedWhileAwaiting = null;
    return [outcome, ...this.finish(ended)];
  }

  private finish(reason: FinishReason): ParsedStreamEvent[] {
    this.done = true;
    const out: ParsedStreamEvent[] = [];
    for (const call of this.items.values()) {
      if (call !== null)
        out.push({ type: 'tool-call', index: call.index, id: call.callId, name: call.name, arguments: call.args });
    }
    if (this.usage !== null) out.push({ type: 'usage', usage: this.usage });
    out.push({ type: 'finish', reason });
    return out;
  }

  private failed(event: Json): ParsedStreamEvent[] {
    const response = isObject(event.response) ? event.response : {};
    const report = readErrorPayload({ error: response.error });
    this.done = true;
    return [report ?? streamError('the model server reported the response as failed')];
  }

  private error(event: Json): ParsedStreamEvent[] {
    this.done = true;
    // `{type:"error", code, message}` (HTTP streams) or `{type:"error", status, error:{…}}` (WebSocket).
    const report = readErrorPayload(isObject(event.error) ? event : { error: event });
    const status = typeof event.status === 'number' ? event.status : null;
    return [report ? { ...report, status: report.status ?? status } : streamError('the model server sent an error')];
  }

  private addUsage(value: unknown): void {
    if (!isObject(value)) return;
    const promptTokens = num(value.input_tokens);
    const completionTokens = num(value.output_tokens);
    const details = isObject(value.input_tokens_details) ? value.input_tokens_details : {};
    const before = this.usage;
    this.usage = {
      // A successor's input repeats its predecessor's: the call's prompt is the larger, not the sum.
      promptTokens: Math.max(before?.promptTokens ?? 0, promptTokens),
      completionTokens: (before?.completionTokens ?? 0) + completionTokens,
      totalTokens: 0,
      cachedTokens: Math.max(before?.cachedTokens ?? 0, num(details.cached_tokens)),
    };
    this.usage.totalTokens = this.usage.promptTokens + this.usage.completionTokens;
  }

  /** Ends the call as malformed (also for bytes that were not JSON). */
  malformed(detail: string): ParsedStreamEvent[] {
    this.done = true;
    return [{ type: 'malformed', detail }];
  }
}

function streamError(message: string): ErrorEvent {
  return { type: 'stream-error', message, code: null, errorType: null, status: null };
}

function steerFailure(event: Json): string {
  const error = isObject(event.error) ? event.error : {};
  const code = str(error.code);
  return `${str(error.message) ?? 'the steer was not committed'}${code ? ` (${code})` : ''}`;
}
