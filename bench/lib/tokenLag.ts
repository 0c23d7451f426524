// Why: per-token delivery is "the simulated model wrote the chunk holding this token → the client
// held it". The simulator records when it wrote each chunk and how many tokens it carried; clients
// record how much output they held and when. This lines the two up, token by token.
import type { ChunkRecord } from '../../server/models/sim/pacer';
import { tokenize } from '../../server/models/sim/tokenize';

/** The client held `length` characters of the answer at `at` (performance.now of the sim's process). */
export type Receipt = { at: number; length: number };

/** When each token was sent, in order: a chunk record carries `tokens` tokens written at `at`. */
export function tokenSendTimes(chunks: readonly ChunkRecord[]): number[] {
  const out: number[] = [];
  for (const c of chunks) for (let k = 0; k < c.tokens; k++) out.push(c.at);
  return out;
}

/**
 * How much of the answer the client must hold for each token to have arrived: up to its last
 * character that is not a line end (Tandem holds a trailing line end back until the next text shows
 * it is not the end of the answer). Null for a token made only of line ends.
 */
export function tokenEnds(text: string): (number | null)[] {
  let offset = 0;
  return tokenize(text).map((token) => {
    offset += token.length;
    let end = offset;
    for (let i = token.length - 1; i >= 0 && token[i] === '\n'; i--) end--;
    return end > offset - token.length ? end : null;
  });
}

/** For each target length, the first receipt at which the client held at least that much. */
export function arrivals(targets: readonly (number | null)[], receipts: readonly Receipt[]): (number | null)[] {
  let r = 0;
  let held = 0;
  return targets.map((target) => {
    if (target === null) return null;
    while (held < target && r < receipts.length) held = Math.max(held, receipts[r++]!.length);
    return held >= target ? receipts[r - 1]!.at : null;
  });
}

/** Lag of every token that was both sent and received; throws when the answer and the sim disagree. */
export function tokenLags(text: string, chunks: readonly ChunkRecord[], receipts: readonly Receipt[]): number[] {
  const sent = tokenSendTimes(chunks);
  const ends = tokenEnds(text);
  if (sent.length !== ends.length) {
    throw new Error(
      `the client's answer has ${ends.length} tokens but the simulator sent ${sent.length}: cannot line them up`,
    );
  }
  const arrived = arrivals(ends, receipts);
  const lags: number[] = [];
  arrived.forEach((at, i) => {
    if (at !== null) lags.push(at - sent[i]!);
  });
  return lags;
}
