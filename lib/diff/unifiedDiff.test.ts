// Why: patches leave Tandem for git; the exact format (prefixes, ranges, the no-newline marker)
// is what `git apply` checks, and a patch must round-trip through a standard patch parser.
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toUnifiedDiff } from './unifiedDiff';

describe('toUnifiedDiff', () => {
  it('writes a git-style patch with three lines of context', () => {
    const oldText = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const newText = 'a\nb\nc\nd\nE\nf\ng\nh\n';
    expect(toUnifiedDiff('src/x.ts', oldText, newText)).toBe(
      'diff --git a/src/x.ts b/src/x.ts\n--- a/src/x.ts\n+++ b/src/x.ts\n' +
        '@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n',
    );
  });

  it('merges nearby changes into one hunk and splits distant ones', () => {
    const lines = Array.from({ length: 20 }, (_, k) => `${k}\n`);
    const near = [...lines];
    near[2] = 'x\n';
    near[8] = 'y\n';
    expect(toUnifiedDiff('f', lines.join(''), near.join('')).match(/^@@/gm)).toHaveLength(1);
    const far = [...lines];
    far[2] = 'x\n';
    far[15] = 'y\n';
    expect(toUnifiedDiff('f', lines.join(''), far.join('')).match(/^@@/gm)).toHaveLength(2);
  });

  it('marks a last line without a newline', () => {
    expect(toUnifiedDiff('f', 'a\nb', 'a\nb\n')).toBe(
      'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n',
    );
    expect(toUnifiedDiff('f', 'x\ny', 'z\ny')).toBe(
      'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-x\n+z\n y\n\\ No newline at end of file\n',
    );
  });

  it('names the line before an empty range, as diff does', () => {
    expect(toUnifiedDiff('f', '', 'new\n')).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+new\n');
    expect(toUnifiedDiff('f', 'a\nb\n', 'a\n')).toBe('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,2 +1,1 @@\n a\n-b\n');
  });

  it('is empty for equal texts', () => {
    expect(toUnifiedDiff('f', 'same', 'same')).toBe('');
  });

  it('round-trips through a unified diff parser', () => {
    const text = fc
      .array(fc.constantFrom('a\n', 'b\n', 'c\n', '\n', 'd'), { maxLength: 20 })
      .map((lines) => lines.join(''));
    fc.assert(
      fc.property(text, text, (oldText, newText) => {
        const patch = toUnifiedDiff('file.txt', oldText, newText);
        expect(patch === '' ? oldText : applyPatch(oldText, patch)).toBe(newText);
      }),
      { numRuns: 300 },
    );
  });
});
