// The text rebase of a generation swap: own unseen edits land on the new text once, next to the
// others' edits, whether they touch the same line, the same place, or a range the others deleted.
import { describe, expect, it } from 'vitest';
import { applyEdits, minimalEdits } from '../diff';
import { charEdits, mapOffset, rebaseEdits } from './textRebase';

const rebase = (base: string, mine: string, theirs: string) => applyEdits(theirs, rebaseEdits(base, mine, theirs));

describe('rebaseEdits', () => {
  it('adds my edits to theirs when nobody else changed anything (the common swap)', () => {
    expect(rebase('const a = 1;\n', 'const ab = 12;\n', 'const a = 1;\n')).toBe('const ab = 12;\n');
    expect(rebaseEdits('x', 'x', 'xyz')).toEqual([]);
  });

  it('keeps both people’s words on the same line, each once', () => {
    const base = 'one two three\n';
    expect(rebase(base, 'one TWO two three\n', 'one two three FOUR\n')).toBe('one TWO two three FOUR\n');
    expect(rebase(base, 'one two three mine\n', 'theirs one two three\n')).toBe('theirs one two three mine\n');
  });

  it('puts my insert after theirs at the same place, and shrinks my delete to what is left', () => {
    expect(rebase('ab', 'aXb', 'aYb')).toBe('aYXb');
    expect(rebase('hello world', 'hello', 'hello wor')).toBe('hello');
    expect(rebase('abc def ghi', 'abc ghi', 'abc ghi')).toBe('abc ghi');
  });

  it('my delete does not take what they typed right after or before it', () => {
    expect(rebase('‹a› ‹b› ', '‹b› ', '‹a› ‹c› ‹b› ')).toBe('‹c› ‹b› ');
    expect(rebase('‹a› ‹b› ', '‹b› ', '‹c› ‹a› ‹b› ')).toBe('‹c› ‹b› ');
  });

  it('a delete both made counts once', () => {
    expect(rebase('‹t1.1› ‹t2.1› end', '‹t2.1› end', '‹t2.1› end')).toBe('‹t2.1› end');
  });
});

describe('charEdits', () => {
  it('slides an insert or delete that could sit at several places to start after white space', () => {
    expect(charEdits('‹a1› ‹b2› ‹b3› ', '‹a1› ‹b3› ')).toEqual([{ offset: 5, deleteCount: 5, insertText: '' }]);
    expect(charEdits('x ‹a› y', 'x ‹a› ‹a› y')).toEqual([{ offset: 2, deleteCount: 0, insertText: '‹a› ' }]);
  });
});

describe('mapOffset', () => {
  it('moves a position past edits before it and keeps it before a replacement starting there', () => {
    const edits = minimalEdits('abc def', 'abc XX def');
    expect(mapOffset(edits, 0)).toBe(0);
    expect(mapOffset(edits, 7)).toBe(10);
  });
});
