// What an interrupted ghost proposes for its range. The streamed text covers some prefix of the
// original; the rest of the original stays. Only complete output lines count (a half-written line
// is dropped, keeping the original line it was replacing), and how many original lines the
// complete ones replace is settled by aligning them near where the stream had got to: a changed
// line counts as cheap when it resembles the original one (a rename), dear when it does not (an
// insertion), so neither a rewritten line is kept twice nor a line the model never reached lost.
import { diffSequences } from '../../diff/sequenceDiff';

/** How far past the stream's own estimate the alignment looks, in original lines. */
const LOOKAHEAD = 8;

export function partialRewrite(original: string, output: string, reachedOriginal: number): string {
  const cut = output.lastIndexOf('\n');
  if (cut < 0) return original;
  const outLines = output.slice(0, cut).split('\n');
  const origLines = original.split('\n');
  const reachedLine = countNewlines(original, reachedOriginal);
  let best = { k: reachedLine, cost: Number.POSITIVE_INFINITY };
  const from = Math.max(0, reachedLine - LOOKAHEAD);
  const to = Math.min(origLines.length, reachedLine + LOOKAHEAD);
  for (let k = from; k <= to; k++) {
    const cost = alignmentCost(origLines.slice(0, k), outLines);
    if (cost < best.cost - 1e-9) best = { k, cost };
  }
  return [...outLines, ...origLines.slice(best.k)].join('\n');
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Changed lines, where a deleted line paired with an inserted one costs 1 − their similarity. */
export function alignmentCost(oldLines: readonly string[], newLines: readonly string[]): number {
  let cost = 0;
  for (const r of diffSequences(oldLines, newLines)) {
    const deleted = r.oldEnd - r.oldStart;
    const inserted = r.newEnd - r.newStart;
    const pairs = Math.min(deleted, inserted);
    for (let j = 0; j < pairs; j++) cost += 1 - similarity(oldLines[r.oldStart + j], newLines[r.newStart + j]);
    cost += Math.abs(deleted - inserted);
  }
  return cost;
}

/** Share of two lines covered by their common prefix and suffix (0 = unrelated, 1 = equal). */
export function similarity(a: string, b: string): number {
  const ta = a.trim();
  const tb = b.trim();
  if (!ta && !tb) return 1;
  const max = Math.min(ta.length, tb.length);
  let p = 0;
  while (p < max && ta[p] === tb[p]) p++;
  let s = 0;
  while (s < max - p && ta[ta.length - 1 - s] === tb[tb.length - 1 - s]) s++;
  return (2 * (p + s)) / (ta.length + tb.length);
}
