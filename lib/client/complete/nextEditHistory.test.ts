import { describe, expect, it } from 'vitest';
import { MAX_EDIT_HISTORY } from '../../protocol';
import { applyChange, applyDelta, changesOfDelta, stillShown, type EditState } from './nextEditHistory';

const TEXT = 'let total = 0;\ntotal += 1;\nreturn total;\n';
const start = (text = TEXT): EditState => ({ text, history: [] });
const at = (s: string, from = 0) => TEXT.indexOf(s, from);

/** Types `typed` one key at a time at `offset`, as local changes. */
function type(state: EditState, offset: number, typed: string): EditState {
  return [...typed].reduce((s, ch, i) => applyChange(s, { offset: offset + i, oldText: '', newText: ch }, true), state);
}

describe("the person's edit history", () => {
  it('merges typing over a selection into one edit', () => {
    const offset = at('total');
    let s = applyChange(start(), { offset, oldText: 'total', newText: 's' }, true);
    s = type(s, offset + 1, 'um');
    expect(s.text).toBe(TEXT.replace('total', 'sum'));
    expect(s.history).toEqual([{ offset, oldText: 'total', newText: 'sum' }]);
  });

  it('merges backspacing over a word and typing a new one', () => {
    let s = start();
    const wordEnd = at('total') + 5;
    for (let i = 1; i <= 5; i++)
      s = applyChange(s, { offset: wordEnd - i, oldText: 'total'[5 - i]!, newText: '' }, true);
    s = type(s, wordEnd - 5, 'sum');
    expect(s.history).toEqual([{ offset: 4, oldText: 'total', newText: 'sum' }]);
  });

  it('keeps separate edits apart and moves earlier ones past later changes', () => {
    let s = applyChange(start(), { offset: at('total'), oldText: 'total', newText: 'sum' }, true);
    const second = s.text.indexOf('total');
    s = applyChange(s, { offset: second, oldText: 'total', newText: 'sum' }, true);
    expect(s.history).toEqual([
      { offset: 4, oldText: 'total', newText: 'sum' },
      { offset: second, oldText: 'total', newText: 'sum' },
    ]);
    // A collaborator's line at the top moves both; one inside the second edit drops it.
    s = applyChange(s, { offset: 0, oldText: '', newText: '// hi\n' }, false);
    expect(s.history.map((e) => e.offset)).toEqual([10, second + 6]);
    s = applyChange(s, { offset: second + 7, oldText: 'u', newText: 'U' }, false);
    expect(s.history).toEqual([{ offset: 10, oldText: 'total', newText: 'sum' }]);
    expect(stillShown(s.text, s.history)).toEqual(s.history);
  });

  it('forgets an edit typed back to what it was, a huge paste, and the oldest past the limit', () => {
    const offset = at('0');
    let s = applyChange(start(), { offset, oldText: '0', newText: '1' }, true);
    s = applyChange(s, { offset, oldText: '1', newText: '0' }, true);
    expect(s.history).toEqual([]);
    s = applyChange(s, { offset: 0, oldText: '', newText: 'x'.repeat(5_000) }, true);
    expect(s.history).toEqual([]);
    let many = start('a b c d e f g h');
    for (const letter of 'abcdefg')
      many = applyChange(
        many,
        { offset: many.text.indexOf(letter), oldText: letter, newText: letter.toUpperCase() },
        true,
      );
    expect(many.history).toHaveLength(MAX_EDIT_HISTORY);
    expect(many.history[0]).toMatchObject({ oldText: 'c', newText: 'C' });
  });

  it('reads a Y.Text delta as changes in order, and applies it', () => {
    const delta = [{ retain: 4 }, { insert: 'sum' }, { delete: 5 }];
    expect(changesOfDelta(TEXT, delta)).toEqual([
      { offset: 4, oldText: '', newText: 'sum' },
      { offset: 7, oldText: 'total', newText: '' },
    ]);
    const s = applyDelta(start(), delta, true);
    expect(s.text).toBe(TEXT.replace('total', 'sum'));
    expect(s.history).toEqual([{ offset: 4, oldText: 'total', newText: 'sum' }]);
    expect(applyDelta(start(), delta, false).history).toEqual([]);
  });

  it('drops the entries a text no longer shows', () => {
    const history = [
      { offset: 4, oldText: 'x', newText: 'total' },
      { offset: 4, oldText: 'x', newText: 'other' },
    ];
    expect(stillShown(TEXT, history)).toEqual([history[0]]);
  });
});
