// Why: per-hunk review depends on hunks that cover the whole change, ids that survive edits
// elsewhere, and partial application that leaves rejected hunks' lines alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyHunks, diffHunks } from './hunks';

const before = 'import a\n\nfunction f() {\n  return 1;\n}\n\nfunction g() {\n  return 2;\n}\n';
const after = 'import a\nimport b\n\nfunction f() {\n  return 10;\n}\n\nfunction g() {\n  return 2;\n}\n';

describe('diffHunks', () => {
  it('turns a line diff into positioned hunks with their texts', () => {
    const hunks = diffHunks(before, after);
    expect(hunks).toEqual([
      {
        id: expect.any(String),
        oldStart: 1,
        oldCount: 0,
        newStart: 1,
        newCount: 1,
        oldText: '',
        newText: 'import b\n',
      },
      {
        id: expect.any(String),
        oldStart: 3,
        oldCount: 1,
        newStart: 4,
        newCount: 1,
        oldText: '  return 1;\n',
        newText: '  return 10;\n',
      },
    ]);
    expect(new Set(hunks.map((hunk) => hunk.id)).size).toBe(2);
  });

  it('keeps hunk ids when lines above move', () => {
    const ids = diffHunks(before, after).map((hunk) => hunk.id);
    const shifted = diffHunks(`// header\n${before}`, `// header\n// more\n${after}`).map((hunk) => hunk.id);
    expect(shifted).toEqual(expect.arrayContaining(ids));
  });

  it('gives identical hunks distinct ids', () => {
    const hunks = diffHunks('a\nx\nb\nx\nc\n', 'a\ny\nb\ny\nc\n');
    expect(hunks).toHaveLength(2);
    expect(hunks[0].id).not.toBe(hunks[1].id);
  });

  it('has no hunks for equal texts and handles a missing trailing newline', () => {
    expect(diffHunks('a\nb', 'a\nb')).toEqual([]);
    expect(diffHunks('a\nb', 'a\nb\n')).toMatchObject([{ oldStart: 1, oldCount: 1, oldText: 'b', newText: 'b\n' }]);
    expect(diffHunks('', 'a')).toMatchObject([{ oldStart: 0, oldCount: 0, newStart: 0, newCount: 1, newText: 'a' }]);
  });
});

describe('applyHunks', () => {
  it('applies only the accepted hunks', () => {
    const [imports, body] = diffHunks(before, after);
    expect(applyHunks(before, [imports, body], [])).toBe(before);
    expect(applyHunks(before, [imports, body], [imports.id, body.id])).toBe(after);
    expect(applyHunks(before, [imports, body], [body.id])).toBe(before.replace('return 1;', 'return 10;'));
    expect(applyHunks(before, [imports, body], [imports.id, 'unknown'])).toBe(before.replace('a\n', 'a\nimport b\n'));
  });

  it('refuses hunks that do not match the text', () => {
    const hunks = diffHunks(before, after);
    expect(() => applyHunks(before.replace('return 1;', 'return 3;'), hunks, [hunks[1].id])).toThrow(/does not match/);
  });

  it('yields the new text with all hunks and any subset combines independently', () => {
    const text = fc
      .array(fc.constantFrom('a\n', 'b\n', 'c\n', '\n', 'd'), { maxLength: 14 })
      .map((lines) => lines.join(''));
    fc.assert(
      fc.property(text, text, fc.array(fc.boolean(), { maxLength: 14 }), (oldText, newText, picks) => {
        const hunks = diffHunks(oldText, newText);
        expect(
          applyHunks(
            oldText,
            hunks,
            hunks.map((hunk) => hunk.id),
          ),
        ).toBe(newText);
        expect(applyHunks(oldText, hunks, [])).toBe(oldText);
        const chosen = hunks.filter((_, k) => picks[k]);
        const partial = applyHunks(
          oldText,
          hunks,
          chosen.map((hunk) => hunk.id),
        );
        // The hunks left out, moved by the lines the chosen ones added or removed, finish the job.
        let shift = 0;
        const rest = hunks.flatMap((hunk, k) => {
          if (!picks[k]) return [{ ...hunk, oldStart: hunk.oldStart + shift }];
          shift += hunk.newCount - hunk.oldCount;
          return [];
        });
        expect(
          applyHunks(
            partial,
            rest,
            rest.map((hunk) => hunk.id),
          ),
        ).toBe(newText);
      }),
    );
  });
});
