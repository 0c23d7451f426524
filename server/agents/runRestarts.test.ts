// The restart rule both queues share: a run given back after its process stopped restarts at most
// MAX_RUN_RESTARTS times, each counted and worded; one more stop ends it failed with the reason.
import { describe, expect, it } from 'vitest';
import { crashedTooOften, MAX_RUN_RESTARTS, restartVerdict } from './runRestarts';

describe('restartVerdict', () => {
  it('counts restarts 1 and 2 of 2, from a record that has none yet', () => {
    const first = restartVerdict({});
    expect(first).toMatchObject({ kind: 'restart', restarts: 1 });
    expect(first.kind === 'restart' && first.text).toMatch(/^Restarted after the server stopped \(restart 1 of 2\)/);
    const second = restartVerdict({ restarts: 1 });
    expect(second).toMatchObject({ kind: 'restart', restarts: 2 });
    expect(second.kind === 'restart' && second.text).toMatch(/\(restart 2 of 2\)/);
  });

  it('gives up on the third stop with the reason', () => {
    expect(MAX_RUN_RESTARTS).toBe(2);
    expect(restartVerdict({ restarts: 2 })).toEqual({
      kind: 'give-up',
      reason: 'the server stopped during this run 3 times',
    });
    expect(crashedTooOften(3)).toBe('the server stopped during this run 3 times');
  });

  it('honours another cap', () => {
    expect(restartVerdict({ restarts: 0 }, 0)).toEqual({ kind: 'give-up', reason: crashedTooOften(1) });
    expect(restartVerdict({ restarts: 4 }, 5)).toMatchObject({ kind: 'restart', restarts: 5 });
  });
});
