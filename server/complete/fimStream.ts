// The pure parser for a streamed fill-in-the-middle completion (`POST /v1/completions`, SSE):
// bytes in, `ParsedStreamEvent`s out — `choices[0].text` as text, the finish reason, usage, an
// error payload. The same framing and error shapes as chat completions (sse.ts, chatStream.ts).
import { readChunk, readUsage } from '../models/chatStream';
import { SseDecoder, type SseMessage } from '../models/sse';
import type { FinishReason, ParsedStreamEvent, Usage } from '../models/types';

export class FimStreamParser {
  private readonly sse = new SseDecoder();
  private finishReason: FinishReason | null = null;
  private usage: Usage | null = null;
  private done = false;
  private out: ParsedStreamEvent[] = [];
  private readonly onMessage = (message: SseMessage): void => this.message(message);

  push(chunk: Uint8Array): ParsedStreamEvent[] {
    if (!this.done) this.sse.push(chunk, this.onMessage);
    return this.take();
  }

  end(): ParsedStreamEvent[] {
    if (this.done) return [];
    this.sse.end(this.onMessage);
    if (!this.done) {
      if (this.finishReason !== null) this.complete();
      else this.stop({ type: 'truncated' });
    }
    return this.take();
  }

  private take(): ParsedStreamEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  private message({ event, data }: SseMessage): void {
    if (this.done) return;
    if (data === '[DONE]') return this.complete();
    const chunk = readChunk(event, data);
    if (!('chunk' in chunk)) return this.stop(chunk);
    const { choices, usage } = chunk.chunk;
    const read = readUsage(usage);
    if (read !== null) this.usage = read;
    if (!Array.isArray(choices)) return;
    for (const choice of choices as { index?: unknown; text?: unknown; finish_reason?: unknown }[]) {
      if ((choice.index ?? 0) !== 0) continue;
      if (typeof choice.text === 'string' && choice.text !== '') this.out.push({ type: 'text', text: choice.text });
      if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '')
        this.finishReason = choice.finish_reason;
    }
  }

  private complete(): void {
    if (this.usage !== null) this.out.push({ type: 'usage', usage: this.usage });
    this.out.push({ type: 'finish', reason: this.finishReason ?? 'unknown' });
    this.done = true;
  }

  private stop(event: ParsedStreamEvent): void {
    this.out.push(event);
    this.done = true;
  }
}
