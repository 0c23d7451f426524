import { describe, expect, it } from 'vitest';
import { bytesSchema, MAX_BASE64_BYTES, oneFrame, toBase64, toBytes } from './bytes';

const parsed = (v: unknown) => [...bytesSchema.parse(v)];

describe('bytesSchema', () => {
  it('hands a Uint8Array for binary and for base64 text, the same bytes', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 128, 64]);
    expect(parsed(bytes)).toEqual([...bytes]);
    expect(parsed(bytes.buffer)).toEqual([...bytes]);
    expect(parsed(toBase64(bytes))).toEqual([...bytes]);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('round-trips large payloads through base64 (past one String.fromCharCode chunk)', () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
    expect(parsed(toBase64(big))).toEqual([...big]);
  });

  it('refuses text that is not strict base64, empty payloads and oversized ones, with the reason', () => {
    for (const bad of ['not bytes', 'abc', 'ab=c', 'YWJj\n', '====', 42, null, { data: 'YQ==' }]) {
      const r = bytesSchema.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.message).toMatch(/expected binary data .* or base64 text/);
    }
    const empty = bytesSchema.safeParse('');
    expect(empty.success).toBe(false);
    if (!empty.success) expect(empty.error.issues[0]?.message).toBe('binary payload is empty');
    // Past MAX_BASE64_BYTES a payload goes as binary: text that long is refused (checked in one pass).
    const over = bytesSchema.safeParse('AAAA'.repeat(Math.ceil(MAX_BASE64_BYTES / 3) + 1));
    expect(over.success).toBe(false);
    const long = bytesSchema.safeParse('A'.repeat(11_000_000));
    expect(long.success).toBe(false);
  });

  it('sends up to MAX_BASE64_BYTES as text, more as binary', () => {
    expect(typeof oneFrame(new Uint8Array(MAX_BASE64_BYTES))).toBe('string');
    expect(bytesSchema.safeParse(oneFrame(new Uint8Array(MAX_BASE64_BYTES).fill(7))).success).toBe(true);
    expect(oneFrame(new Uint8Array(MAX_BASE64_BYTES + 1))).toBeInstanceOf(Uint8Array);
  });

  it('gives a client the bytes of whatever the server sent: base64 text, binary or an ArrayBuffer', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect([...toBytes(oneFrame(bytes))]).toEqual([...bytes]);
    expect(toBytes(bytes)).toBe(bytes);
    expect(toBytes(bytes.slice().buffer)).toEqual(bytes);
  });
});
