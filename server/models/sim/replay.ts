// Replay mode: serves recorded raw SSE byte streams (fixtures/*.sse, in the wire formats of OpenAI,
// Ollama, vLLM, llama.cpp and Cerebras) split at awkward byte boundaries — inside multi-byte UTF-8
// characters, between CR and LF, at odd offsets — so the adapter is tested over real HTTP.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export function listFixtures(): string[] {
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.sse'))
    .map((f) => f.slice(0, -'.sse'.length))
    .sort();
}

/** The fixture's bytes, or null when there is no fixture of that name. */
export function loadFixture(name: string): Buffer | null {
  if (!NAME.test(name)) return null;
  try {
    return fs.readFileSync(new URL(`./fixtures/${name}.sse`, import.meta.url));
  } catch {
    return null;
  }
}

/**
 * Deterministic awkward split points: after the first byte of every multi-byte UTF-8 character,
 * between every CR and LF, and otherwise every 5–17 bytes.
 */
export function awkwardChunks(bytes: Uint8Array): Uint8Array[] {
  const cuts = new Set<number>();
  let next = 5;
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i - 1]!;
    if (b >= 0xc0 || (b === 13 && bytes[i] === 10)) cuts.add(i); // inside a character / a CRLF
    if (i === next) {
      cuts.add(i);
      next += 5 + ((i * 7) % 13);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of sorted) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
}
