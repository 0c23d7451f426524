import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLineDiff } from '../../diff/lineDiff';
import { ghostLines, type GhostHunk } from './ghostLines';

/** Applies line hunks to the original's lines: what accepting every hunk gives. */
function applyHunks(original: string, hunks: GhostHunk[]): string {
  const lines = original.split('\n');
  const out: string[] = [];
  let at = 0;
  for (const h of hunks) {
    out.push(...lines.slice(at, h.oldStart), ...h.newLines);
    at = h.oldStart + h.oldCount;
  }
  out.push(...lines.slice(at));
  return out.join('\n');
}

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
    expect(ghostLines(exactLineDiff(original, 'a\n/** doc */\nb\nc'), false).hunks).toEqual([{ oldStart: 1, oldCount: 0, newLines: ['/** doc */'] }]);
    expect(ghostLines(exactLineDiff(original, 'a\nc'), false).hunks).toEqual([{ oldStart: 1, oldCount: 1, newLines: [] }]);
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
        expect(applyHunks(original, ghostLines(exactLineDiff(original, output), false).hunks)).toBe(output);
      }),
      { numRuns: 500 },
    );
  });
});
