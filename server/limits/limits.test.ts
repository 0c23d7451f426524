// The rate limits as plain objects, with a clock the test moves: token buckets refill at their
// rate, refusals say the limit and when to retry, and a connection that floods is closed.
import { describe, expect, it } from 'vitest';
import { ProtocolFailure } from '../../lib/protocol';
import { EventGate, PersonLimits, type Limits } from './limits';
import { TokenBucket } from './tokenBucket';

const limits: Limits = { eventsPerSec: 10, eventsBurst: 20, modelPerMin: 6, runsPerHour: 2 };

function refusal(f: () => void): ProtocolFailure {
  try {
    f();
  } catch (err) {
    if (err instanceof ProtocolFailure) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('TokenBucket', () => {
  it('gives its capacity at once, then refills at its rate', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0)]).toEqual([0, 0, 0]);
    expect(b.take(0)).toBe(500);
    expect(b.take(499)).toBeGreaterThan(0);
    expect(b.take(500)).toBe(0);
    expect(b.full(500)).toBe(false);
    expect(b.full(2000)).toBe(true);
    expect(b.take(10_000, 4)).toBe(Infinity);
    expect(b.take(10_000, 3)).toBe(0);
  });

  it('does not go back in time when the clock does', () => {
    const b = new TokenBucket(1, 1, 1000);
    expect(b.take(1000)).toBe(0);
    expect(b.take(500)).toBe(1000);
  });
});

describe('EventGate', () => {
  it('refuses past the burst with the limit and a retry time, and recovers', () => {
    const gate = new EventGate(limits, 0);
    for (let i = 0; i < 20; i++) expect(gate.take(0)).toEqual({ ok: true });
    const refused = gate.take(0);
    expect(refused).toMatchObject({ ok: false, close: false });
    expect(!refused.ok && refused.message).toMatch(
      /10 events per second per connection.*bursts of 20.*retry in 0\.1 s/,
    );
    expect(gate.take(100)).toEqual({ ok: true });
  });

  it('closes a connection that keeps on far past the limit', () => {
    const gate = new EventGate(limits, 0);
    let verdict = gate.take(0);
    let sent = 1;
    while (verdict.ok || !verdict.close) {
      verdict = gate.take(0);
      sent++;
    }
    expect(sent).toBe(41);
    expect(verdict.message).toMatch(/is closed/);
  });

  it('lets everything through when the limit is 0', () => {
    const gate = new EventGate({ ...limits, eventsPerSec: 0 }, 0);
    for (let i = 0; i < 1000; i++) expect(gate.take(0).ok).toBe(true);
  });
});

describe('PersonLimits', () => {
  it('counts model requests per person and per lane', () => {
    const p = new PersonLimits(limits);
    p.model('ana', 'fast', 0, 6);
    const err = refusal(() => p.model('ana', 'fast', 0));
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/fast-lane requests: the limit is 6 per minute per person.*try again in 10 s/);
    p.model('ana', 'review', 0);
    p.model('bo', 'fast', 0);
    p.model('ana', 'fast', 10_000);
    expect(refusal(() => p.model('bo', 'fast', 0, 7)).message).toMatch(/ask for fewer at once/);
  });

  it('counts background run starts per person per hour', () => {
    const p = new PersonLimits(limits);
    p.run('ana', 0);
    p.run('ana', 0);
    expect(refusal(() => p.run('ana', 0)).message).toMatch(/2 per hour per person.*try again in 1800 s/);
    p.run('ana', 1_800_000);
  });

  it('admits everything when a limit is 0', () => {
    const p = new PersonLimits({ ...limits, modelPerMin: 0, runsPerHour: 0 });
    for (let i = 0; i < 100; i++) {
      p.model('ana', 'strong', 0);
      p.run('ana', 0);
    }
  });
});
