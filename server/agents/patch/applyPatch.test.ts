import { describe, expect, it } from 'vitest';
import { buildPatch } from '../../models/formats/patchFormat';
import { applyPatchText } from './applyPatch';
import { seekSequence } from './seekSequence';

const files = (m: Record<string, string>) => (p: string) => m[p] ?? null;

describe('applyPatchText', () => {
  it("round-trips the simulated model's own patches", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const after = before
      .replace('line 3\n', 'line three\n')
      .replace('line 20\n', 'line 20\nnew\n')
      .replace('line 29\n', '');
    const result = applyPatchText(buildPatch([{ path: 'f.txt', before, after }]), files({ 'f.txt': before }));
    expect(result.writes).toEqual([{ path: 'f.txt', content: after }]);
    expect(result.summary).toEqual(['M f.txt']);
  });

  it('applies later operations to the result of earlier ones on the same file', () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: a',
      '-1',
      '+2',
      '*** Update File: a',
      '-2',
      '+3',
      '*** End Patch',
    ].join('\n');
    expect(applyPatchText(patch, files({ a: '1\n' })).writes).toEqual([{ path: 'a', content: '3\n' }]);
  });

  it('reports which relaxed match it used', () => {
    const result = applyPatchText(
      ['*** Begin Patch', '*** Update File: a', '-x = 1', '+x = 2', '*** End Patch'].join('\n'),
      files({ a: '    x = 1\n' }),
    );
    expect(result.fuzzy).toEqual([{ path: 'a', level: 'trimmed' }]);
    expect(result.writes[0].content).toBe('x = 2\n');
  });

  it('refuses overlapping chunks', () => {
    const patch = [
      '*** Begin Patch',
      '*** Update File: a',
      '@@',
      ' a',
      '-b',
      '+B',
      '@@ a',
      '-b',
      '+C',
      '*** End Patch',
    ].join('\n');
    expect(() => applyPatchText(patch, files({ a: 'a\nb\nc\n' }))).toThrow(/could not find|overlap/);
  });
});

describe('seekSequence', () => {
  const lines = ['function f() {  ', '  return “x”;', '}'];
  it('prefers the strictest level that matches', () => {
    expect(seekSequence(lines, ['}'], 0)).toEqual({ index: 2, level: 'exact' });
    expect(seekSequence(lines, ['function f() {'], 0)).toEqual({ index: 0, level: 'trailing-space' });
    expect(seekSequence(lines, ['return “x”;'], 0)).toEqual({ index: 1, level: 'trimmed' });
    expect(seekSequence(lines, ['return "x";'], 0)).toEqual({ index: 1, level: 'punctuation' });
    expect(seekSequence(lines, ['nothing'], 0)).toBeNull();
  });

  it('searches from the start index and tries the end of file first when asked', () => {
    const l = ['a', 'b', 'a', 'b'];
    expect(seekSequence(l, ['a'], 1)?.index).toBe(2);
    expect(seekSequence(l, ['a', 'b'], 0, true)?.index).toBe(2);
  });
});
