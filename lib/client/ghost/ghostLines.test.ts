// Why: the painter and accept both read a ghost through these line hunks, so they must rebuild
// the output exactly, and a fold resumed frame after frame must give what one pass gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLineDiff } from '../../diff/lineDiff';
import type { DiffOp } from '../../diff/ops';
import { applyKeptHunks } from './acceptGhost';
import { GhostLineFold, ghostLines } from './ghostLines';

describe('ghostLines', () => {
  it('a modified line is one deleted line and one inserted line', () => {
    const original = 'let total = 0;\nfor (x of xs) total += x;\nreturn total;';
    const output = 'let sum = 0;\nfor (x of xs) total += x;\nreturn sum;';
    const { hunks } = ghostLines(exactLineDiff(original, output), false);
    expect(hunks).toEqual([
      { oldStart: 0, oldCount: 1, newLines: ['let sum = 0;'] },
      { oldStart: 2, oldCount: 1, newLines: ['return sum;'] },
    ]);
  });

  it('pure insertions and deletions leave neighbours alone', () => {
    const original = 'a\nb\nc';
    expect(ghostLines(exactLineDiff(original, 'a\n/** doc */\nb\nc'), false).hunks).toEqual([
      { oldStart: 1, oldCount: 0, newLines: ['/** doc */'] },
    ]);
    expect(ghostLines(exactLineDiff(original, 'a\nc'), false).hunks).toEqual([
      { oldStart: 1, oldCount: 1, newLines: [] },
    ]);
  });

  it('while streaming, the line being written is inserted and the rest of the original is pending', () => {
    const ops = [
      { kind: 'equal' as const, text: 'a\n' },
      { kind: 'insert' as const, text: 'x' },
    ];
    expect(ghostLines(ops, true)).toEqual({ hunks: [{ oldStart: 1, oldCount: 0, newLines: ['x'] }], reachedLines: 1 });
  });

  it('applying the hunks of any exact diff gives the output (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', 'let x = 1;', '  return y;');
    const text = fc.array(line, { maxLength: 12 }).map((l) => l.join('\n'));
    fc.assert(
      fc.property(text, text, (original, output) => {
        expect(applyKeptHunks(original, ghostLines(exactLineDiff(original, output), false).hunks, new Set())).toBe(
          output,
        );
      }),
      { numRuns: 500 },
    );
  });

  it('a fold resumed later, or copied and continued, gives what one pass over all the ops gives (property)', () => {
    const op = fc.record({
      kind: fc.constantFrom<DiffOp['kind']>('equal', 'insert', 'delete'),
      text: fc.constantFrom('a', 'bc', '\n', 'x\ny', 'z\n', '\n\n'),
    });
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 16 }),
        fc.array(op, { maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        (ops, more, cut, streaming) => {
          const at = cut % (ops.length + 1);
          const fold = new GhostLineFold();
          fold.add(ops.slice(0, at));
          const branch = fold.copy();
          branch.add(ops.slice(at));
          expect(branch.result(streaming)).toEqual(ghostLines(ops, streaming));
          // The branch did not touch the fold it was copied from.
          fold.add(ops, at);
          fold.add(more);
          expect(fold.result(streaming)).toEqual(ghostLines([...ops, ...more], streaming));
        },
      ),
      { numRuns: 500 },
    );
  });
});
