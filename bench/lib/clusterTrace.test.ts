import { describe, expect, it } from 'vitest';
import { arrivalsByNode, HOPS, splitHops, type CrossDelivery, type NodeStamps } from './clusterTrace';

const stamps = (s: Partial<NodeStamps>): NodeStamps => ({ recv: {}, append: {}, ack: {}, woke: {}, emit: {}, ...s });

describe('splitHops', () => {
  it('splits a cross-node delivery into its hops: writer stamps from the writer, the rest from the reader', () => {
    const a = stamps({ recv: { w: 101 }, append: { w: 103 }, ack: { w: 104.5 }, woke: { w: 999 } });
    const b = stamps({ woke: { w: 106 }, emit: { w: 106.5 }, recv: { w: 999 } });
    const split = splitHops([{ word: 'w', sentAt: 100, from: 0, to: 1, seenAt: 108 }], [a, b]);
    expect(split.traced).toBe(1);
    expect(split.hops.map((h) => h.figures?.p50)).toEqual([1, 2, 3, 0.5, 1.5]);
    expect(split.hops).toHaveLength(HOPS.length);
    expect(split.ack?.p50).toBe(1.5);
  });

  it('leaves out a delivery a stamp is missing for, and says no figures rather than zeros', () => {
    const a = stamps({ recv: { w: 101 }, append: { w: 103 } });
    const split = splitHops([{ word: 'w', sentAt: 100, from: 0, to: 1, seenAt: 108 }], [a, stamps({})]);
    expect(split.traced).toBe(0);
    expect(split.hops.every((h) => h.figures === null)).toBe(true);
    expect(split.ack).toBeNull();
  });
});

describe('arrivalsByNode', () => {
  it('takes the first person on each receiving node per word, and the spread to its last', () => {
    const d = (word: string, to: number, seenAt: number): CrossDelivery => ({ word, sentAt: 100, from: 0, to, seenAt });
    const { first, spread } = arrivalsByNode([d('‹a›', 1, 107), d('‹a›', 1, 104), d('‹a›', 1, 110), d('‹a›', 2, 103)]);
    expect(first).toEqual([4, 3]);
    expect(spread).toEqual([6, 0]);
  });
});
