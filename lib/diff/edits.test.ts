// Why: edits applied to the shared document must reproduce the new text exactly while touching
// only what changed, so collaborators' cursors elsewhere do not move.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, minimalEdits } from './edits';

describe('minimalEdits', () => {
  it('edits only the renamed identifier', () => {
    const oldText = 'const count = 0;\nlog(count);\n';
    const newText = 'const total = 0;\nlog(total);\n';
    expect(minimalEdits(oldText, newText)).toEqual([
      { offset: 6, deleteCount: 5, insertText: 'total' },
      { offset: 21, deleteCount: 5, insertText: 'total' },
    ]);
  });

  it('inserts and deletes whole lines without touching their neighbours', () => {
    expect(minimalEdits('a\nb\nc\n', 'a\nx\nb\nc\n')).toEqual([{ offset: 2, deleteCount: 0, insertText: 'x\n' }]);
    expect(minimalEdits('a\nb\nc\n', 'a\nc\n')).toEqual([{ offset: 2, deleteCount: 2, insertText: '' }]);
  });

  it('adds or removes only the trailing newline', () => {
    expect(minimalEdits('a\nb', 'a\nb\n')).toEqual([{ offset: 3, deleteCount: 0, insertText: '\n' }]);
    expect(minimalEdits('a\nb\n', 'a\nb')).toEqual([{ offset: 3, deleteCount: 1, insertText: '' }]);
  });

  it('has no edits for equal texts and one edit for an empty side', () => {
    expect(minimalEdits('same\n', 'same\n')).toEqual([]);
    expect(minimalEdits('', 'new\n')).toEqual([{ offset: 0, deleteCount: 0, insertText: 'new\n' }]);
    expect(minimalEdits('old\n', '')).toEqual([{ offset: 0, deleteCount: 4, insertText: '' }]);
  });

  it('keeps surrogate pairs whole', () => {
    const edits = minimalEdits('a 😀 b\n', 'a 😎 b\n');
    expect(edits).toEqual([{ offset: 2, deleteCount: 2, insertText: '😎' }]);
  });

  it('produces sorted, non-overlapping edits that reproduce the new text', () => {
    const text = fc
      .array(fc.constantFrom('a', 'bb', ' ', '\n', 'x1', '(', ')', '😀', '\r\n'), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, (oldText, newText) => {
        const edits = minimalEdits(oldText, newText);
        expect(applyEdits(oldText, edits)).toBe(newText);
        for (let k = 1; k < edits.length; k++) {
          expect(edits[k].offset).toBeGreaterThan(edits[k - 1].offset + edits[k - 1].deleteCount - 1);
        }
        for (const edit of edits) expect(edit.deleteCount + edit.insertText.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('applyEdits', () => {
  it('rejects overlapping edits', () => {
    expect(() =>
      applyEdits('abcdef', [
        { offset: 1, deleteCount: 3, insertText: '' },
        { offset: 2, deleteCount: 1, insertText: 'x' },
      ]),
    ).toThrow(/overlaps/);
  });
});
