// The Responses API streamed over HTTP: SSE bytes in, `ParsedStreamEvent`s out (pure). The `event:`
// line is redundant with the payload's `type` and is not needed; the stream has no `[DONE]`, it
// ends after its terminal event, so a body that closes before one was cut short.
import { SseDecoder, type SseMessage } from '../sse';
import type { ParsedStreamEvent } from '../types';
import { ResponsesEventReader } from './eventReader';

export class ResponsesSseParser {
  private readonly sse = new SseDecoder();
  private readonly reader = new ResponsesEventReader();
  private out: ParsedStreamEvent[] = [];
  private readonly onMessage = (message: SseMessage): void => this.message(message);

  push(chunk: Uint8Array): ParsedStreamEvent[] {
    if (this.reader.done) return [];
    this.sse.push(chunk, this.onMessage);
    return this.take();
  }

  end(): ParsedStreamEvent[] {
    if (this.reader.done) return [];
    this.sse.end(this.onMessage);
    if (!this.reader.done) this.out.push({ type: 'truncated' });
    return this.take();
  }

  private take(): ParsedStreamEvent[] {
    const events = this.out;
    this.out = [];
    return events;
  }

  private message({ data }: SseMessage): void {
    if (this.reader.done || data === '[DONE]') return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      this.out.push(...this.reader.malformed(`not JSON: ${data.slice(0, 120)}`));
      return;
    }
    for (const event of this.reader.read(payload)) this.out.push(event);
  }
}
