import { describe, expect, it } from 'vitest';
import { quietTurns, STALL_MS, WAITING_CHECK_MS } from './stallWatch';

const streaming = (requestId: string) => ({ requestId, streaming: true });

describe('quietTurns', () => {
  it('names a streaming turn once per quiet period, and not one that keeps talking', () => {
    const heard = new Map([
      ['a', 0],
      ['b', 0],
    ]);
    const both = [streaming('a'), streaming('b')];
    expect(quietTurns(heard, both, STALL_MS - 1)).toEqual([]);
    heard.set('b', STALL_MS - 1);
    expect(quietTurns(heard, both, STALL_MS)).toEqual(['a']);
    // Asked about now: quiet again only a full period later.
    expect(quietTurns(heard, both, STALL_MS + 1)).toEqual([]);
    expect(quietTurns(heard, both, 2 * STALL_MS)).toEqual(['a', 'b']);
  });

  it('asks about a ghost waiting for its asker less often, and starts the clock for a new turn', () => {
    const heard = new Map<string, number>();
    const waiting = [{ requestId: 'c', streaming: false }];
    expect(quietTurns(heard, waiting, 100)).toEqual([]);
    expect(quietTurns(heard, waiting, 100 + STALL_MS)).toEqual([]);
    expect(quietTurns(heard, waiting, 100 + WAITING_CHECK_MS)).toEqual(['c']);
    expect(quietTurns(heard, [], 100 + 3 * WAITING_CHECK_MS)).toEqual([]);
  });
});
