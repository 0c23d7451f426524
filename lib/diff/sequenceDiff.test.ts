// Why: every line-based feature relies on this diff being exact (a longest common subsequence)
// even though it sets aside one-sided items, and on its work budget degrading to a valid result.
import { diffArrays } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, type Region } from './sequenceDiff';

/** Rebuilds the new sequence from the old one and the regions; counts the items kept equal. */
function replay(oldItems: string[], newItems: string[], regions: Region[]): { rebuilt: string[]; equal: number } {
  const rebuilt: string[] = [];
  let oldAt = 0;
  let equal = 0;
  for (const region of regions) {
    expect(region.oldStart).toBeGreaterThanOrEqual(oldAt);
    expect(region.oldEnd - region.oldStart + region.newEnd - region.newStart).toBeGreaterThan(0);
    rebuilt.push(...oldItems.slice(oldAt, region.oldStart), ...newItems.slice(region.newStart, region.newEnd));
    equal += region.oldStart - oldAt;
    oldAt = region.oldEnd;
  }
  rebuilt.push(...oldItems.slice(oldAt));
  return { rebuilt, equal: equal + oldItems.length - oldAt };
}

describe('diffSequences', () => {
  it('is exact: its regions rebuild the new sequence and keep a longest common subsequence', () => {
    const items = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 30 });
    fc.assert(
      fc.property(items, items, (oldItems, newItems) => {
        const { rebuilt, equal } = replay(oldItems, newItems, diffSequences(oldItems, newItems));
        expect(rebuilt).toEqual(newItems);
        const lcs = diffArrays(oldItems, newItems)
          .filter((c) => !c.added && !c.removed)
          .reduce((n, c) => n + c.count, 0);
        expect(equal).toBe(lcs);
      }),
      { numRuns: 500 },
    );
  });

  it('separates regions by at least one equal item', () => {
    expect(diffSequences(['a', 'x', 'b', 'y', 'c'], ['a', 'X', 'b', 'Y', 'c'])).toEqual([
      { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 },
      { oldStart: 3, oldEnd: 4, newStart: 3, newEnd: 4 },
    ]);
    expect(diffSequences(['a'], ['a'])).toEqual([]);
    expect(diffSequences([], ['a'])).toEqual([{ oldStart: 0, oldEnd: 0, newStart: 0, newEnd: 1 }]);
  });

  it('stays fast on a file rewritten from scratch', () => {
    const oldItems = Array.from({ length: 20_000 }, (_, k) => `old line ${k}\n`);
    const newItems = Array.from({ length: 20_000 }, (_, k) => `new line ${k}\n`);
    const started = performance.now();
    expect(diffSequences(oldItems, newItems)).toEqual([{ oldStart: 0, oldEnd: 20_000, newStart: 0, newEnd: 20_000 }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('degrades to one valid region past its work budget', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const oldItems = Array.from({ length: 6000 }, () => 'abc'[next() % 3]);
    const newItems = Array.from({ length: 6000 }, () => 'abc'[next() % 3]);
    const regions = diffSequences(oldItems, newItems);
    expect(replay(oldItems, newItems, regions).rebuilt).toEqual(newItems);
  });
});
