// The cluster node's memory of a file's recent finished turns (pure, with a moved clock).
import { describe, expect, it } from 'vitest';
import { HistoryCache, MAX_AGE_MS, type HistoryRow } from './historyCache';

const row = (requestId: string, createdAt: number, outcome: HistoryRow['outcome'] = 'done'): HistoryRow => ({
  requestId,
  range: { startLine: 1, endLine: 3 },
  instruction: `do ${requestId}`,
  redirects: [],
  outcome,
  createdAt,
});

describe('HistoryCache', () => {
  it('remembers a file read from Redis until it is too old or another node changed it', () => {
    const cache = new HistoryCache(3);
    expect(cache.get('a.ts', 0)).toBeNull();
    cache.put('a.ts', [row('b', 2), row('a', 1)], 1000);
    expect(cache.get('a.ts', 1000 + MAX_AGE_MS - 1)?.map((r) => r.requestId)).toEqual(['b', 'a']);
    expect(cache.get('a.ts', 1000 + MAX_AGE_MS)).toBeNull();
    cache.put('a.ts', [row('a', 1)], 0);
    cache.drop('a.ts');
    expect(cache.get('a.ts', 0)).toBeNull();
  });

  it("takes this node's finished turns at once, newest first, each at its first time, bounded", () => {
    const cache = new HistoryCache(3);
    cache.note('a.ts', row('x', 5));
    expect(cache.get('a.ts', 0)).toBeNull(); // a file not remembered is read from Redis
    cache.put('a.ts', [row('b', 2), row('a', 1)], 0);
    cache.note('a.ts', row('c', 3, 'streaming'));
    expect(cache.get('a.ts', 0)!.map((r) => r.requestId)).toEqual(['b', 'a']);
    cache.note('a.ts', row('c', 3, 'done'));
    cache.note('a.ts', row('c', 9, 'accepted'));
    expect(cache.get('a.ts', 0)).toEqual([{ ...row('c', 3), outcome: 'accepted' }, row('b', 2), row('a', 1)]);
    cache.note('a.ts', row('d', 4));
    expect(cache.get('a.ts', 0)!.map((r) => r.requestId)).toEqual(['d', 'c', 'b']);
  });
});
