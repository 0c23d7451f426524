import { describe, expect, it } from 'vitest';
import type { FastTurnInfo } from '../../protocol';
import { ShownAlternatives } from './shownAlternatives';

const alt = (index: number, group = 'g1'): FastTurnInfo =>
  ({ requestId: `${group}-${index}`, alternative: { group, index, of: 3 } }) as FastTurnInfo;
const plain = { requestId: 'solo' } as FastTurnInfo;

describe('ShownAlternatives', () => {
  it('shows a plain turn, and of a group the first alternative, even when another arrived before it', () => {
    const shown = new ShownAlternatives();
    expect(shown.isShown(plain)).toBe(true);
    shown.added(alt(2));
    expect(shown.isShown(alt(2))).toBe(true);
    shown.added(alt(0));
    shown.added(alt(1));
    expect([0, 1, 2].map((i) => shown.isShown(alt(i)))).toEqual([true, false, false]);
  });

  it('flips forward and back, wrapping around', () => {
    const shown = new ShownAlternatives();
    const all = [alt(0), alt(1), alt(2)];
    all.forEach((a) => shown.added(a));
    expect(shown.flip(all, 1)).toBe('g1-1');
    expect(shown.flip(all, 1)).toBe('g1-2');
    expect(shown.flip(all, 1)).toBe('g1-0');
    expect(shown.flip(all, -1)).toBe('g1-2');
    expect(shown.isShown(alt(2))).toBe(true);
    expect(shown.flip([alt(0)], 1)).toBeNull();
  });

  it('shows the lowest remaining alternative when the shown one goes away', () => {
    const shown = new ShownAlternatives();
    [alt(0), alt(1), alt(2), alt(0, 'other')].forEach((a) => shown.added(a));
    expect(shown.removed(alt(1), [alt(0), alt(2)])).toBeNull();
    expect(shown.removed(alt(0), [alt(2), alt(0, 'other')])).toBe('g1-2');
    expect(shown.isShown(alt(2))).toBe(true);
    expect(shown.removed(alt(2), [alt(0, 'other')])).toBeNull();
    expect(shown.isShown(alt(0, 'other'))).toBe(true);
  });
});
