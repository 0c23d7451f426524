import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { typedThrough, type TextDeltaOp } from './typedThrough';

/** The delta Yjs reports for `change` applied to a text holding `start`. */
function deltaOf(start: string, change: (t: Y.Text) => void): TextDeltaOp[] {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, start);
  let delta: TextDeltaOp[] = [];
  text.observe((event) => (delta = event.delta as TextDeltaOp[]));
  change(text);
  return delta;
}

const START = 'const t = compu\nnext line\n';
const CURSOR = 'const t = compu'.length;

describe('typedThrough', () => {
  it('keeps an insertion at the cursor that the answer so far starts with, and follows it', () => {
    const first = deltaOf(START, (t) => t.insert(CURSOR, 'te'));
    expect(typedThrough(first, CURSOR, '', 'teTotal(')).toBe('te');
    const second = deltaOf(START, (t) => t.insert(CURSOR + 2, 'T'));
    expect(typedThrough(second, CURSOR, 'te', 'teTotal(')).toBe('teT');
  });

  it('keeps typing at the very start of the text', () => {
    expect(
      typedThrough(
        deltaOf('', (t) => t.insert(0, 'co')),
        0,
        '',
        'const',
      ),
    ).toBe('co');
  });

  /** Edits at (or near) the cursor that typing through must refuse, each with the answer so far. */
  const refused: [string, (t: Y.Text) => void, string][] = [
    ['a character the answer does not start with', (t) => t.insert(CURSOR, 'x'), 'teTotal('],
    ['a character typed before the answer reached it', (t) => t.insert(CURSOR, 't'), ''],
    ['more than the answer holds so far', (t) => t.insert(CURSOR, 'teTo'), 'teT'],
    ['a deletion', (t) => t.delete(CURSOR - 1, 1), 'teTotal('],
    ['an edit elsewhere', (t) => t.insert(3, 't'), 'teTotal('],
    [
      'a replacement at the cursor',
      (t) =>
        t.doc!.transact(() => {
          t.delete(CURSOR, 1);
          t.insert(CURSOR, 't');
        }),
      'teTotal(',
    ],
  ];

  it.each(refused)('refuses %s', (_what, change, answer) => {
    expect(typedThrough(deltaOf(START, change), CURSOR, '', answer)).toBeNull();
  });
});
