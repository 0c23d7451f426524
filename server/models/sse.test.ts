import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseMessage } from './sse';

const enc = new TextEncoder();

function decode(pieces: (string | Uint8Array)[]): SseMessage[] {
  const out: SseMessage[] = [];
  const d = new SseDecoder();
  for (const p of pieces) d.push(typeof p === 'string' ? enc.encode(p) : p, (m) => out.push(m));
  d.end((m) => out.push(m));
  return out;
}

describe('SseDecoder', () => {
  it('frames data lines by blank lines, with LF, CRLF or CR', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      expect(decode([`data: a${eol}${eol}data: b${eol}${eol}`])).toEqual([
        { event: null, data: 'a' },
        { event: null, data: 'b' },
      ]);
    }
  });

  it('keeps a CRLF split across chunks as one line ending', () => {
    expect(decode(['data: a\r', '\n\r', '\ndata: b\r\n\r\n'])).toEqual([
      { event: null, data: 'a' },
      { event: null, data: 'b' },
    ]);
  });

  it('ignores comments, joins multi-line data, reads event names, strips one space', () => {
    const text = ': keep-alive\n\nevent: error\ndata:  two spaces\ndata:x\nid: 7\nretry: 10\n\n';
    expect(decode([text])).toEqual([{ event: 'error', data: ' two spaces\nx' }]);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const bytes = enc.encode('data: 💶é\n\n');
    const pieces = [bytes.subarray(0, 8), bytes.subarray(8, 11), bytes.subarray(11)];
    expect(decode(pieces)).toEqual([{ event: null, data: '💶é' }]);
  });

  it('drops a byte order mark at the start of the stream only, even when it is split', () => {
    const bytes = enc.encode('\uFEFFdata: a\n\ndata: \uFEFFb\n\n');
    expect(decode([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([
      { event: null, data: 'a' },
      { event: null, data: '\uFEFFb' },
    ]);
  });

  it('flushes a final message without its blank line at the end', () => {
    expect(decode(['data: last'])).toEqual([{ event: null, data: 'last' }]);
  });
});
