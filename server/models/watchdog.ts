// Time-to-first-token and inter-token stall limits for one stream. Tokens only bump a number: the
// single timer re-arms itself when it fires early, so the hot path never touches setTimeout.
export type TimeoutKind = 'ttft_timeout' | 'stall_timeout';

export class Watchdog {
  private timer: NodeJS.Timeout | null = null;
  private lastToken: number | null = null;

  constructor(
    private readonly ttftMs: number,
    private readonly stallMs: number,
    private readonly onTimeout: (kind: TimeoutKind, waitedMs: number) => void,
  ) {}

  start(now: number): void {
    this.arm(this.ttftMs, now);
  }

  token(now: number): void {
    if (this.lastToken === null) {
      // First token: from now on the limit is the stall limit (the only re-arm on the token path).
      this.stop();
      this.arm(this.stallMs, now);
    }
    this.lastToken = now;
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delayMs: number, since: number): void {
    this.timer = setTimeout(() => this.check(since), delayMs);
    this.timer.unref();
  }

  private check(since: number): void {
    this.timer = null;
    const now = performance.now();
    if (this.lastToken === null) {
      this.onTimeout('ttft_timeout', now - since);
      return;
    }
    const idle = now - this.lastToken;
    if (idle >= this.stallMs) this.onTimeout('stall_timeout', idle);
    else this.arm(this.stallMs - idle, since);
  }
}
