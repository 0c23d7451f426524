// Measures the parser's cost per network chunk on a realistic token stream (one content delta per
// chunk, like a 1,000 tok/s provider) and prints it; the bound is loose so CI noise cannot fail it.
import { describe, expect, it } from 'vitest';
import { ChatStreamParser } from './chatStream';

const CHUNKS = 20_000;

function tokenChunks(): Uint8Array[] {
  const enc = new TextEncoder();
  const base = {
    id: 'chatcmpl-abc123',
    object: 'chat.completion.chunk',
    created: 1741570283,
    model: 'gpt-4o-mini',
    system_fingerprint: 'fp_1',
  };
  return Array.from({ length: CHUNKS }, (_, i) => {
    const chunk = {
      ...base,
      choices: [{ index: 0, delta: { content: ` tok${i % 97}` }, logprobs: null, finish_reason: null }],
      obfuscation: 'xyz',
    };
    return enc.encode(`data: ${JSON.stringify(chunk)}\n\n`);
  });
}

describe('parse cost', () => {
  it('stays in the low microseconds per chunk', () => {
    const chunks = tokenChunks();
    for (let warm = 0; warm < 2; warm++) {
      const p = new ChatStreamParser();
      for (const c of chunks) p.push(c);
    }
    const p = new ChatStreamParser();
    let text = 0;
    const start = performance.now();
    for (const c of chunks) for (const e of p.push(c)) if (e.type === 'text') text += e.text.length;
    const usPerChunk = ((performance.now() - start) * 1000) / CHUNKS;
    console.log(
      `chat stream parser: ${usPerChunk.toFixed(2)} µs per chunk (${CHUNKS} chunks of ~${chunks[0]!.length} bytes)`,
    );
    expect(text).toBeGreaterThan(0);
    expect(usPerChunk).toBeLessThan(50);
  });
});
