// Tandem's rate limits (issue 14; settings in docs/configuration.md): events per second per
// connection, model requests per person per minute per lane, background run starts per person per
// hour. Plain objects over TokenBucket, given the clock: the gateway applies them (rateLimit.ts).
import { ProtocolFailure } from '../../lib/protocol';
import { TokenBucket } from './tokenBucket';

export type Limits = {
  /** Events a connection may send per second on average (0: no limit). */
  eventsPerSec: number;
  /** Events a connection may send at once, above the average. */
  eventsBurst: number;
  /** Model requests a person may start per minute, in each lane (0: no limit). */
  modelPerMin: number;
  /** Background runs a person may start per hour (0: no limit). */
  runsPerHour: number;
};

export const DEFAULT_LIMITS: Limits = { eventsPerSec: 200, eventsBurst: 2000, modelPerMin: 120, runsPerHour: 60 };

export type ModelLane = 'fast' | 'strong' | 'review';

const seconds = (ms: number) =>
  ms >= 10_000 ? `${Math.ceil(ms / 1000)} s` : `${(Math.ceil(ms / 100) / 10).toFixed(1)} s`;

export type EventVerdict = { ok: true } | { ok: false; message: string; close: boolean };

/**
 * One connection's events. Past the limit an event is refused; a connection whose refused events
 * themselves outrun the limit by a whole burst (it sends over twice the limit for a while) is closed.
 */
export class EventGate {
  private readonly events: TokenBucket;
  private readonly refusals: TokenBucket;

  constructor(
    private readonly limits: Limits,
    now: number,
  ) {
    this.events = new TokenBucket(limits.eventsBurst, limits.eventsPerSec, now);
    this.refusals = new TokenBucket(limits.eventsBurst, limits.eventsPerSec, now);
  }

  take(now: number): EventVerdict {
    if (this.limits.eventsPerSec === 0) return { ok: true };
    const wait = this.events.take(now);
    if (wait === 0) return { ok: true };
    const limit =
      `the limit is ${this.limits.eventsPerSec} events per second per connection, with bursts of ` +
      `${this.limits.eventsBurst} (TANDEM_LIMIT_EVENTS_PER_SEC, TANDEM_LIMIT_EVENTS_BURST)`;
    if (this.refusals.take(now) > 0) {
      return {
        ok: false,
        close: true,
        message: `too many events: ${limit}; this connection kept on far past it and is closed`,
      };
    }
    return {
      ok: false,
      close: false,
      message: `too many events: ${limit}; nothing was done, retry in ${seconds(wait)}`,
    };
  }
}

const laneNames: Record<ModelLane, string> = { fast: 'fast-lane', strong: 'strong-lane', review: 'review' };

/** Per person (their name, for now): model requests per lane and run starts. Refusals throw `rate_limited`. */
export class PersonLimits {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly limits: Limits) {}

  private take(key: string, capacity: number, perSecond: number, now: number, n: number): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= 10_000) this.forgetFull(now);
      bucket = new TokenBucket(capacity, perSecond, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now, n);
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) if (bucket.full(now)) this.buckets.delete(key);
  }

  /** Admits `n` model requests of `person` in `lane`, or throws `rate_limited` saying the limit and when to retry. */
  model(person: string, lane: ModelLane, now: number, n = 1): void {
    const perMin = this.limits.modelPerMin;
    if (perMin === 0) return;
    const wait = this.take(`model\u0000${lane}\u0000${person}`, perMin, perMin / 60, now, n);
    if (wait === 0) return;
    const retry = wait === Infinity ? 'ask for fewer at once' : `try again in ${seconds(wait)}`;
    throw new ProtocolFailure(
      'rate_limited',
      `too many ${laneNames[lane]} requests: the limit is ${perMin} per minute per person ` +
        `(TANDEM_LIMIT_MODEL_PER_MIN); nothing was started, ${retry}`,
    );
  }

  /** Admits one background run start of `person`, or throws `rate_limited`. */
  run(person: string, now: number): void {
    const perHour = this.limits.runsPerHour;
    if (perHour === 0) return;
    const wait = this.take(`run\u0000${person}`, perHour, perHour / 3600, now, 1);
    if (wait === 0) return;
    throw new ProtocolFailure(
      'rate_limited',
      `too many background runs: the limit is ${perHour} per hour per person (TANDEM_LIMIT_RUNS_PER_HOUR); ` +
        `nothing was started, try again in ${seconds(wait)}`,
    );
  }
}
