// The order in which a document's updates reach its store, and what an acknowledgement waits on.
// A write that fails stays at the head of the queue and is tried again (after a growing pause) until
// the store takes it, so nothing queued behind it is skipped or written out of order; whoever was
// waiting for it at that moment is refused with the store's error, because it is not durable yet.
import { ProtocolFailure } from '../../lib/protocol';

export type StoreWrite = () => Promise<void>;

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2000;

type Waiter = { upTo: number; resolve: () => void; reject: (err: Error) => void };

/** The refusal an acknowledgement gets when the store failed to keep what it waits for. */
export function notDurable(what: string, err: Error): ProtocolFailure {
  return new ProtocolFailure(
    'unavailable',
    `${what} could not be stored (${err.message}), so it is not safe yet: ` +
      'this server keeps it and writes it, in order, as soon as the store takes it',
  );
}

export class AppendQueue {
  private readonly writes: StoreWrite[] = [];
  private added = 0;
  private done = 0;
  private waiters: Waiter[] = [];
  private draining = false;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private wake: (() => void) | null = null;

  /** `what` names the document in refusals and in the log. */
  constructor(
    private readonly what: string,
    private readonly log: (m: string) => void,
  ) {}

  /** Queues a write behind every earlier one. */
  push(write: StoreWrite): void {
    if (this.stopped) return;
    this.writes.push(write);
    this.added++;
    void this.drain();
  }

  /** How many writes have not reached the store yet. */
  get waiting(): number {
    return this.added - this.done;
  }

  /**
   * Resolves once every write queued so far is in the store; rejects (with an `unavailable` refusal)
   * when one of them failed at its latest try — it stays queued and is tried again.
   */
  flushed(): Promise<void> {
    if (this.done >= this.added) return Promise.resolve();
    if (this.stopped) return Promise.reject(this.lost());
    return new Promise((resolve, reject) => this.waiters.push({ upTo: this.added, resolve, reject }));
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    while (this.writes.length > 0 && !this.stopped) {
      try {
        await this.writes[0]();
      } catch (err) {
        this.failed(err instanceof Error ? err : new Error(String(err)));
        await this.pause();
        continue;
      }
      this.writes.shift();
      this.done++;
      if (this.retryMs > FIRST_RETRY_MS) this.log(`${this.what}: the store takes writes again`);
      this.retryMs = FIRST_RETRY_MS;
      const ready = this.waiters.filter((w) => w.upTo <= this.done);
      this.waiters = this.waiters.filter((w) => w.upTo > this.done);
      ready.forEach((w) => w.resolve());
    }
    this.draining = false;
  }

  private failed(err: Error): void {
    if (this.retryMs === FIRST_RETRY_MS) {
      this.log(`${this.what}: the store refused a write (${err.message}); it stays queued and is retried`);
    }
    const refusal = notDurable(`an edit of ${this.what}`, err);
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((w) => w.reject(refusal));
  }

  private pause(): Promise<void> {
    const ms = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private lost(): ProtocolFailure {
    return new ProtocolFailure('unavailable', `${this.waiting} edit(s) of ${this.what} never reached the store`);
  }

  /** Stops trying (the document is closing); how many writes never reached the store. */
  stop(): number {
    this.stopped = true;
    this.wake?.();
    const refusal = this.lost();
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((w) => w.reject(refusal));
    return this.waiting;
  }
}
