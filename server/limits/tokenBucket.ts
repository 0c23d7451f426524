// A token bucket: `capacity` tokens, refilled continuously at `perSecond`; each action takes some.
// Pure (the caller passes the clock), so rate limits are tested without waiting.
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  private refill(now: number): void {
    if (now > this.at) this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.perSecond) / 1000);
    this.at = Math.max(this.at, now);
  }

  /** Takes `n` tokens and returns 0, or takes none and returns the milliseconds until `n` are there. */
  take(now: number, n = 1): number {
    this.refill(now);
    if (this.tokens >= n) {
      this.tokens -= n;
      return 0;
    }
    if (n > this.capacity) return Infinity;
    return Math.ceil(((n - this.tokens) * 1000) / this.perSecond);
  }

  /** True when the bucket has refilled completely (it then remembers nothing worth keeping). */
  full(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.capacity;
  }
}
