// The order in which a document's updates reach its store, and what an acknowledgement waits on.
// A write is sent alone (nothing else in flight, nothing after it sent until it is in), unless it
// is pushed beside the others: then it goes out at the end of the current turn's synchronous work
// (a burst is one write), next to the other beside writes in flight, in the order pushed — Redis
// runs one connection's commands in the order sent, SQLite commits appends in call order — so an
// edit behind a write in flight no longer waits for that write's answer (across cluster nodes on a
// loaded machine, that wait was as long as the append itself). A write that fails is tried again
// (after a growing pause), alone, until the store takes it, before anything queued after it is
// sent; whoever was waiting for it at that moment is refused with the store's error, because it is
// not durable yet. An acknowledgement waits for every write queued before it. Beside writes already
// sent when an earlier one failed may land before its retry: only updates that every reader may
// apply in any order (Yjs updates) are pushed beside.
import { ProtocolFailure } from '../../lib/protocol';

export type StoreWrite = () => Promise<void>;

const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2000;

type Waiter = { upTo: number; resolve: () => void; reject: (err: Error) => void };
type Entry = { write: StoreWrite; beside: boolean; state: 'queued' | 'sent' | 'written' | 'failed' };

/** The refusal an acknowledgement gets when the store failed to keep what it waits for. */
export function notDurable(what: string, err: Error): ProtocolFailure {
  return new ProtocolFailure(
    'unavailable',
    `${what} could not be stored (${err.message}), so it is not safe yet: ` +
      'this server keeps it and writes it, in order, as soon as the store takes it',
  );
}

export class AppendQueue {
  /** Writes not yet known to be in the store (later ones may be, behind one not answered yet), in order. */
  private readonly entries: Entry[] = [];
  private added = 0;
  private done = 0;
  private inFlight = 0;
  private pumpSoon = false;
  private waiters: Waiter[] = [];
  /** A write failed: nothing more is sent until it is in. */
  private retrying = false;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private wake: (() => void) | null = null;

  /** `what` names the document in refusals and in the log. */
  constructor(
    private readonly what: string,
    private readonly log: (m: string) => void,
  ) {}

  /** Queues a write behind every earlier one, to be sent alone. */
  push(write: StoreWrite): void {
    this.queue(write, false);
  }

  /** Queues a write behind every earlier one, to be sent at once next to the beside writes in flight. */
  pushBeside(write: StoreWrite): void {
    this.queue(write, true);
  }

  private queue(write: StoreWrite, beside: boolean): void {
    if (this.stopped) return;
    this.entries.push({ write, beside, state: 'queued' });
    this.added++;
    if (!beside) return this.pump();
    // At the end of this turn's synchronous work: what is pushed meanwhile (a burst) goes with it.
    if (this.pumpSoon) return;
    this.pumpSoon = true;
    queueMicrotask(() => {
      this.pumpSoon = false;
      this.pump();
    });
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

  /** Sends, in order, what may go now: beside writes next to each other, any other write alone. */
  private pump(): void {
    if (this.retrying || this.stopped) return;
    for (const e of this.entries) {
      if (e.state === 'written') continue;
      if (e.state === 'sent') {
        if (!e.beside) return;
        continue;
      }
      if (!e.beside && this.inFlight > 0) return;
      this.send(e);
      if (!e.beside) return;
    }
  }

  private send(e: Entry): void {
    e.state = 'sent';
    this.inFlight++;
    e.write().then(
      () => this.settled(e, null),
      (err: unknown) => this.settled(e, err instanceof Error ? err : new Error(String(err))),
    );
  }

  private settled(e: Entry, err: Error | null): void {
    this.inFlight--;
    e.state = err ? 'failed' : 'written';
    if (this.stopped) return;
    if (err) {
      this.retrying = true;
      this.failed(err);
    } else if (!err && this.retryMs > FIRST_RETRY_MS && e === this.entries[0]) {
      this.log(`${this.what}: the store takes writes again`);
      this.retrying = false;
      this.retryMs = FIRST_RETRY_MS;
    }
    this.advance();
    if (this.retrying) {
      if (this.inFlight === 0) void this.retry();
    } else this.pump();
  }

  /** Drops the written writes at the head and answers whoever waited for them. */
  private advance(): void {
    while (this.entries[0]?.state === 'written') {
      this.entries.shift();
      this.done++;
    }
    const ready = this.waiters.filter((w) => w.upTo <= this.done);
    this.waiters = this.waiters.filter((w) => w.upTo > this.done);
    ready.forEach((w) => w.resolve());
  }

  /** Nothing in flight, a write failed: after a pause the first failed one is sent again, alone. */
  private async retry(): Promise<void> {
    await this.pause();
    const head = this.entries.find((e) => e.state === 'failed');
    if (this.stopped || !head) return;
    this.send(head);
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
