// The lane state the router weighs: medians of recent fast turns, failures that mark a model down
// (and expire or clear), budgets left. (How the providers' calls feed it: server/models/provider.test.ts.)
import { describe, expect, it } from 'vitest';
import type { Lane } from '../../lib/protocol/route';
import { ModelError } from '../models/errors';
import { DOWN_FOR_MS, LaneState, median, unavailable, UNMEASURED, type LaneFigures } from './laneState';

function figures(values: Partial<Record<string, number[]>> = {}, budgetLeft: Partial<Record<Lane, number>> = {}) {
  const asked: number[] = [];
  const f: LaneFigures = {
    recent: (lane, key, n) => {
      asked.push(n);
      return (values[`${lane}:${key}`] ?? []).slice(-n);
    },
    budgetLeft: () => budgetLeft,
  };
  return { f, asked };
}

const rateLimited = () => new ModelError({ kind: 'rate_limit', message: 'slow down', status: 429 });

describe('LaneState', () => {
  it('takes the median of the recent fast turns, and nothing before any turn', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const { f, asked } = figures({ 'fast:tokensPerSec': [100, 900, 200, 180, 150], 'fast:ttftMs': [300, 500] });
    expect(new LaneState(f).snapshot().fast).toEqual({ tokensPerSec: 180, ttftMs: 400, turns: 5 });
    expect(asked).toEqual([20, 20]);
    expect(new LaneState(figures().f).snapshot()).toEqual(UNMEASURED);
  });

  it('marks a model down on a failure that says it cannot serve, until it succeeds or the time passes', () => {
    let now = 1_000;
    const state = new LaneState(figures().f, () => now);
    state.failed('fast', new ModelError({ kind: 'bad_request', message: 'no such model', status: 404 }));
    state.failed('strong', new ModelError({ kind: 'aborted', message: 'cancelled' }));
    expect(state.snapshot().down).toEqual({});
    state.failed('fast', rateLimited());
    expect(state.snapshot().down.fast).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(unavailable(state.snapshot(), 'fast')).toBe('the fast model is rate-limiting (429)');
    now += DOWN_FOR_MS;
    expect(state.snapshot().down).toEqual({});
    state.failed('fast', rateLimited());
    state.succeeded('fast');
    expect(state.snapshot().down).toEqual({});
    // a Retry-After longer than the window keeps it down that long
    state.failed('strong', new ModelError({ kind: 'overloaded', message: 'busy', status: 503, retryAfterMs: 90_000 }));
    now += DOWN_FOR_MS + 1;
    expect(unavailable(state.snapshot(), 'review')).toBe('the strong model is overloaded (503)');
  });

  it('counts a lane whose budget cannot pay for the request as unavailable', () => {
    const snap = new LaneState(figures({}, { fast: 300, review: 0 }).f).snapshot();
    expect(unavailable(snap, 'fast', 200)).toBeNull();
    expect(unavailable(snap, 'fast', 500)).toBe("the fast lane's budget has 300 tokens left today");
    expect(unavailable(snap, 'review')).toBe("the review lane's budget for today is used up");
    expect(unavailable(snap, 'strong')).toBeNull();
  });
});
