// The Responses SSE parser over a recorded-style stream (CRLF, `event:` lines, keep-alive
// comments, multi-byte text, unknown events), whole and split at every byte offset.
import { describe, expect, it } from 'vitest';
import { fold } from '../testSupport';
import type { ParsedStreamEvent } from '../types';
import { ResponsesSseParser } from './responsesSse';
import { sse } from './testing/awkwardServer';
import { created, messageItem, textDelta, textEvents } from './testing/responsesEvents';

const enc = new TextEncoder();

function parse(pieces: Uint8Array[]): ParsedStreamEvent[] {
  const p = new ResponsesSseParser();
  return [...pieces.flatMap((x) => p.push(x)), ...p.end()];
}

const TEXT = ['const café = "日本語";', ' // Σ 💶\n', 'done'];
const RECORDED = sse(textEvents('resp_rec', TEXT, { input: 30, output: 9, cached: 16 }), {
  crlf: true,
  eventLines: true,
  comments: true,
});

describe('ResponsesSseParser', () => {
  it('reads a recorded stream whole, at every byte split, and byte by byte', () => {
    const bytes = enc.encode(RECORDED);
    const want = fold(parse([bytes]));
    expect(want).toMatchObject({
      text: TEXT.join(''),
      finish: 'stop',
      usage: { promptTokens: 30, completionTokens: 9, cachedTokens: 16 },
      streamError: null,
    });
    const whole = JSON.stringify(want);
    for (let cut = 1; cut < bytes.length; cut++) {
      const got = fold(parse([bytes.subarray(0, cut), bytes.subarray(cut)]));
      if (JSON.stringify(got) !== whole) expect(got).toEqual(want);
    }
    expect(fold(parse([...bytes].map((b) => Uint8Array.of(b))))).toEqual(want);
  });

  it('reads LF streams without event lines the same way', () => {
    expect(fold(parse([enc.encode(sse(textEvents('r', TEXT)))]))).toMatchObject({
      text: TEXT.join(''),
      finish: 'stop',
    });
  });

  it('reports a body that ends before a terminal event as truncated', () => {
    const cut = sse([created('r'), messageItem('m'), textDelta('m', 'partial')]);
    expect(parse([enc.encode(cut)]).map((e) => e.type)).toEqual(['response-created', 'text', 'truncated']);
  });

  it('flushes a last event that lacks its blank line', () => {
    const events = textEvents('r', ['x']);
    const text = sse(events).replace(/\n\n$/, '');
    expect(fold(parse([enc.encode(text)])).finish).toBe('stop');
  });

  it('is malformed on data that is not JSON, and ignores the rest', () => {
    const text = sse([created('r'), '{"type":"response.output_text.delta",', ...textEvents('r', ['x']).slice(1)]);
    const events = parse([enc.encode(text)]);
    expect(events.map((e) => e.type)).toEqual(['response-created', 'malformed']);
  });
});
