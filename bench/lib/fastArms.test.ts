// Why: the fast-path comparisons pair arms and read turns out of what a client was sent; the
// alternation and the lookups they rely on are pinned here.
import { describe, expect, it } from 'vitest';
import { inTurn, stateOf, turnIdSince, type Received } from './fastArms';

const received: Received = {
  deltas: [
    { requestId: 'a', from: 0, text: 'x', seq: 1, at: 10 },
    { requestId: 'b', from: 0, text: 'y', seq: 1, at: 20 },
  ],
  states: [
    { requestId: 'b', state: 'streaming', metrics: {}, redirects: [], seq: 2, at: 21 },
    { requestId: 'b', state: 'done', metrics: { outputTokens: 1 }, redirects: [], seq: 3, at: 22 },
    { requestId: 'b', state: 'done', metrics: { outputTokens: 2 }, redirects: [], seq: 4, at: 23 },
  ],
};

describe('fast-path arms', () => {
  it('alternates which arm goes first', () => {
    expect(inTurn(['x', 'y', 'z'], 0)).toEqual(['x', 'y', 'z']);
    expect(inTurn(['x', 'y', 'z'], 1)).toEqual(['z', 'y', 'x']);
    expect(inTurn(['x', 'y'], -1)).toEqual(['y', 'x']);
  });

  it('finds the turn a client was sent deltas of after a moment', () => {
    expect(turnIdSince(received, 15)).toBe('b');
    expect(() => turnIdSince(received, 30)).toThrow(/no delta/);
  });

  it('takes the last state event of a kind for a turn', () => {
    expect(stateOf(received, 'b', 'done').metrics.outputTokens).toBe(2);
    expect(() => stateOf(received, 'a', 'done')).toThrow(/"done"/);
  });
});
