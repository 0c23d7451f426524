// Why: the streamed diff is greedy and heuristic, so its correctness rests on invariants that must
// hold for any original, any output and any chunking; fast-check searches for counterexamples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLineDiff } from './lineDiff';
import { applyOps, originalOf, outputOf, type DiffOp } from './ops';
import { StreamingDiff } from './streamingDiff';

/** Splits `text` at the given cut points (any numbers; taken modulo the length). */
function chunk(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => (text.length ? cut % (text.length + 1) : 0)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** Code-like text from a small alphabet, so that originals and outputs share many windows. */
const codeLike = fc
  .array(fc.constantFrom('  ', 'const ', 'x', 'y', ' = ', '();', '\n', '}', 'return ', 'a', 'b', '\n  '), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

/** An output derived from an original by a few line edits, as a model's rewrite would be. */
const rewrite = codeLike.chain((original) => {
  const lines = original.split('\n');
  return fc
    .array(fc.tuple(fc.nat(), fc.constantFrom('keep', 'drop', 'edit', 'add'), codeLike), { maxLength: 6 })
    .map((edits) => {
      const result = [...lines];
      for (const [at, kind, text] of edits) {
        const index = result.length ? at % result.length : 0;
        if (kind === 'drop') result.splice(index, 1);
        else if (kind === 'edit') result[index] = text;
        else if (kind === 'add') result.splice(index, 0, text);
      }
      return { original, output: result.join('\n') };
    });
});

const pairs = fc.oneof(
  rewrite,
  fc.record({ original: codeLike, output: codeLike }),
  fc.record({
    original: fc.string({ unit: 'binary', maxLength: 40 }),
    output: fc.string({ unit: 'binary', maxLength: 40 }),
  }),
);

describe('StreamingDiff invariants', () => {
  it('ops reproduce both texts for any chunking', () => {
    fc.assert(
      fc.property(pairs, fc.array(fc.nat(), { maxLength: 12 }), ({ original, output }, cuts) => {
        const diff = new StreamingDiff(original);
        const ops = chunk(output, cuts).flatMap((piece) => diff.push(piece));
        ops.push(...diff.finish());
        expect(outputOf(ops)).toBe(output);
        expect(originalOf(ops)).toBe(original);
        expect(applyOps(original, ops)).toBe(output);
        expect(diff.view().committed).toEqual(ops);
      }),
      { numRuns: 2000 },
    );
  });

  it('the view and the partial result are consistent at every point of the stream', () => {
    fc.assert(
      fc.property(pairs, fc.array(fc.nat(), { maxLength: 8 }), ({ original, output }, cuts) => {
        const diff = new StreamingDiff(original);
        let streamed = '';
        let settled: DiffOp[] = [];
        for (const piece of chunk(output, cuts)) {
          diff.push(piece);
          streamed += piece;
          const view = diff.view();
          // Committed ops are final once their push returned (the browser folds each one once).
          expect(view.committed.slice(0, settled.length)).toEqual(settled);
          settled = view.committed.map((op) => ({ ...op }));
          const covered = [...view.committed, ...view.tentative];
          expect(outputOf(covered)).toBe(streamed);
          expect(originalOf(view.committed)).toBe(original.slice(0, view.committedOriginal));
          expect(originalOf(covered)).toBe(original.slice(0, view.reachedOriginal));
          const partial = diff.partialResult();
          expect(partial.text).toBe(streamed + original.slice(partial.reachedOriginal));
          expect(applyOps(original, partial.ops)).toBe(partial.text);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('never splits a surrogate pair between ops', () => {
    const emoji = fc
      .array(fc.constantFrom('😀', '😎', '🙂', '\u{1F600}x', 'a', ' ', '\n'), { maxLength: 30 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(emoji, emoji, fc.array(fc.nat(), { maxLength: 8 }), (original, output, cuts) => {
        const diff = new StreamingDiff(original);
        const ops = chunk(output, cuts).flatMap((piece) => diff.push(piece));
        ops.push(...diff.finish());
        expect(outputOf(ops)).toBe(output);
        for (const op of ops) expect(op.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }),
      { numRuns: 800 },
    );
  });

  it('the exact line diff reproduces both texts', () => {
    fc.assert(
      fc.property(pairs, ({ original, output }) => {
        const ops = exactLineDiff(original, output);
        expect(originalOf(ops)).toBe(original);
        expect(outputOf(ops)).toBe(output);
        expect(applyOps(original, ops)).toBe(output);
      }),
      { numRuns: 400 },
    );
  });
});
