// The pure parser for a streamed chat completion: raw response bytes in, `ParsedStreamEvent`s out.
// No I/O and no clock, so it can be tested at every byte split and benchmarked alone. Per chunk it
// decodes only the new bytes and JSON-parses each complete `data:` payload once (or not at all when
// it is the stream's usual chunk around other text: chunkTemplate.ts); fields are read with plain
// type checks (no schema validation on the hot path). Unknown provider extras
// (reasoning, timings, time_info, obfuscation, …) are simply never read.
import { ChunkTemplate, plainContent } from './chunkTemplate';
import { SseDecoder, type SseMessage } from './sse';
import { ToolCallAssembler, type ToolCallFragment } from './toolCalls';
import type { FinishReason, ParsedStreamEvent, Usage } from './types';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** Chat usage, with the cache and Predicted Outputs details when the provider gives them. */
export function readUsage(value: unknown): Usage | null {
  if (!isObject(value)) return null;
  const promptTokens = num(value.prompt_tokens);
  const completionTokens = num(value.completion_tokens);
  const total = num(value.total_tokens);
  const usage: Usage = { promptTokens, completionTokens, totalTokens: total || promptTokens + completionTokens };
  const prompt = value.prompt_tokens_details;
  if (isObject(prompt) && typeof prompt.cached_tokens === 'number') usage.cachedTokens = num(prompt.cached_tokens);
  const completion = value.completion_tokens_details;
  if (isObject(completion)) {
    if (typeof completion.accepted_prediction_tokens === 'number')
      usage.acceptedPredictionTokens = num(completion.accepted_prediction_tokens);
    if (typeof completion.rejected_prediction_tokens === 'number')
      usage.rejectedPredictionTokens = num(completion.rejected_prediction_tokens);
  }
  return usage;
}

/** Reads an error object in OpenAI's `{error:{…}}` shape or vLLM's flat `{object:"error",…}`. */
export function readErrorPayload(payload: unknown): Extract<ParsedStreamEvent, { type: 'stream-error' }> | null {
  if (!isObject(payload)) return null;
  const inner = isObject(payload.error) ? payload.error : payload.object === 'error' ? payload : null;
  if (inner === null) {
    if (typeof payload.error === 'string') {
      return { type: 'stream-error', message: payload.error, code: null, errorType: null, status: null };
    }
    return null;
  }
  const code = str(inner.code);
  const status = typeof inner.code === 'number' ? inner.code : typeof inner.status === 'number' ? inner.status : null;
  return {
    type: 'stream-error',
    message: str(inner.message) ?? 'the model server reported an error',
    code,
    errorType: str(inner.type),
    status,
  };
}

/**
 * One SSE message's JSON chunk, or the event that ends the stream: not JSON (an `error` event's
 * text is the provider's message), an error payload (or any `error` event), not an object.
 */
export function readChunk(event: string | null, data: string): { chunk: Json } | ParsedStreamEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    if (event === 'error') return { type: 'stream-error', message: data, code: null, errorType: null, status: null };
    return { type: 'malformed', detail: `not JSON: ${data.slice(0, 120)}` };
  }
  const error = readErrorPayload(payload);
  if (error !== null || event === 'error')
    return error ?? { type: 'stream-error', message: data.slice(0, 500), code: null, errorType: null, status: null };
  if (!isObject(payload)) return { type: 'malformed', detail: 'chunk is not an object' };
  return { chunk: payload };
}

export class ChatStreamParser {
  private readonly sse = new SseDecoder();
  private readonly tools = new ToolCallAssembler();
  private readonly template = new ChunkTemplate();
  private finishReason: FinishReason | null = null;
  private usage: Usage | null = null;
  /** True once the stream has ended ([DONE], an error, or malformed data); later bytes are ignored. */
  private done = false;
  private out: ParsedStreamEvent[] = [];
  private readonly onMessage = (message: SseMessage): void => this.message(message);

  push(chunk: Uint8Array): ParsedStreamEvent[] {
    if (this.done) return [];
    this.sse.push(chunk, this.onMessage);
    return this.take();
  }

  /** The connection closed: finishes the stream, or reports it as cut short. */
  end(): ParsedStreamEvent[] {
    if (this.done) return [];
    this.sse.end(this.onMessage);
    if (!this.done) {
      if (this.finishReason !== null) this.complete();
      else {
        this.out.push({ type: 'truncated' });
        this.done = true;
      }
    }
    return this.take();
  }

  private take(): ParsedStreamEvent[] {
    if (this.out.length === 0) return [];
    const events = this.out;
    this.out = [];
    return events;
  }

  private message({ event, data }: SseMessage): void {
    if (this.done) return;
    if (data === '[DONE]') {
      this.complete();
      return;
    }
    if (event !== 'error') {
      const content = this.template.match(data);
      if (content !== null) {
        if (content !== '') this.out.push({ type: 'text', text: content });
        return;
      }
    }
    const read = readChunk(event, data);
    if (!('chunk' in read)) return this.fail(read);
    const payload = read.chunk;
    const plain = plainContent(payload);
    if (plain !== null) this.template.learn(data, plain);
    const usage = readUsage(payload.usage);
    if (usage !== null) this.usage = usage;
    const choices = payload.choices;
    if (!Array.isArray(choices)) return; // usage-only chunk: `choices: []` or `choices: null`
    for (const choice of choices) {
      if (!isObject(choice) || num(choice.index) !== 0) continue;
      this.choice(choice);
    }
  }

  private choice(choice: Json): void {
    const delta = choice.delta;
    if (isObject(delta)) {
      const content = delta.content;
      if (typeof content === 'string' && content !== '') this.out.push({ type: 'text', text: content });
      const calls = delta.tool_calls;
      if (Array.isArray(calls)) {
        for (const call of calls) {
          if (!isObject(call)) continue;
          const event = this.tools.add(call as ToolCallFragment);
          if (event !== null) this.out.push(event);
        }
      }
    }
    const reason = choice.finish_reason;
    if (typeof reason === 'string' && reason !== '') {
      this.finishReason = reason;
      for (const call of this.tools.drain()) this.out.push(call);
    }
  }

  private complete(): void {
    for (const call of this.tools.drain()) this.out.push(call);
    if (this.usage !== null) this.out.push({ type: 'usage', usage: this.usage });
    this.out.push({ type: 'finish', reason: this.finishReason ?? 'unknown' });
    this.done = true;
  }

  private fail(event: ParsedStreamEvent): void {
    this.out.push(event);
    this.done = true;
  }
}
