// Server-Sent Events framing, incrementally: bytes in, (event, data) messages out.
// It sits on the token hot path, so each byte is decoded and scanned once: the UTF-8 decoder keeps
// a split multi-byte character for the next chunk, and only an unfinished line is carried over.
// Node's StringDecoder decodes a chunk 3–5× faster than TextDecoder; unlike TextDecoder it keeps a
// byte order mark, which the SSE format says to drop at the start of the stream.
// Lines end in LF, CRLF or CR (a CRLF may be split across chunks); ':' lines are comments.

import { StringDecoder } from 'node:string_decoder';

export type SseMessage = { event: string | null; data: string };

const LF = 10;
const BOM = 0xfeff;

export class SseDecoder {
  private readonly decoder = new StringDecoder('utf8');
  private started = false;
  private partial = '';
  private skipLeadingLf = false;
  private event: string | null = null;
  private data: string[] = [];

  /** Feeds one network chunk; calls `onMessage` for every message it completes. */
  push(chunk: Uint8Array, onMessage: (message: SseMessage) => void): void {
    this.scan(this.decoder.write(chunk), onMessage);
  }

  /** The connection ended: flushes a last message that lacked its blank line. */
  end(onMessage: (message: SseMessage) => void): void {
    this.scan(this.decoder.end(), onMessage);
    if (this.partial !== '') this.line(this.partial, onMessage);
    this.partial = '';
    this.dispatch(onMessage);
  }

  private scan(text: string, onMessage: (message: SseMessage) => void): void {
    let start = 0;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) start = 1;
    }
    if (this.skipLeadingLf && text.length > 0) {
      if (text.charCodeAt(0) === LF) start = 1;
      this.skipLeadingLf = false;
    }
    // Jump from line end to line end with indexOf (native) rather than testing every character.
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (lf !== -1 || cr !== -1) {
      const i = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      const piece = text.slice(start, i);
      const line = this.partial === '' ? piece : this.partial + piece;
      this.partial = '';
      this.line(line, onMessage);
      start = i + 1;
      if (i === cr) {
        if (start < text.length) {
          if (text.charCodeAt(start) === LF) start++;
        } else {
          this.skipLeadingLf = true;
        }
      }
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
    }
    if (start < text.length) this.partial += text.slice(start);
  }

  private line(line: string, onMessage: (message: SseMessage) => void): void {
    if (line === '') {
      this.dispatch(onMessage);
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32 /* ' ' */) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    // `id` and `retry` only matter to reconnecting EventSource clients; ignored here.
  }

  private dispatch(onMessage: (message: SseMessage) => void): void {
    if (this.data.length === 0) {
      this.event = null;
      return;
    }
    const data = this.data.length === 1 ? this.data[0]! : this.data.join('\n');
    const event = this.event;
    this.data = [];
    this.event = null;
    onMessage({ event, data });
  }
}
