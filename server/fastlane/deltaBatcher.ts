// Coalesces a turn's output deltas into as few Socket.IO messages as the moment allows. Alone (or
// with a few others) a turn's deltas go out at the end of the event-loop turn they arrived in: one
// emit per network read, no delay added. When many turns stream at once, every emit costs a
// socket write per person in the room (and, in a cluster, a publish), so the deltas of all turns
// are sent together every few milliseconds instead: fewer, larger messages, a little later. The
// window grows with the number of turns sending, so that together they make a bounded number of
// messages a second (at 200 turns, a message per turn every 20 ms instead of every 2 ms: the
// process stays ahead of the stream instead of queueing reads for hundreds of milliseconds).
import type { OutputDelta } from './ghostOutput';

/** A stream counts toward "many at once" if it sent within the last bucket or the current one. */
const BUCKET_MS = 10;
/** From this many turns sending at once, deltas wait for the next window. */
export const BUSY_TURNS = 8;
export const WINDOW_MS = 2;
/** Under load, the turns sending at once make about this many messages a second together… */
export const MESSAGES_PER_SEC = 10_000;
/** …with a window of at most this long. */
export const MAX_WINDOW_MS = 20;

/** How long deltas wait under load, with `turns` sending at once. */
export function windowFor(turns: number): number {
  return Math.min(MAX_WINDOW_MS, Math.max(WINDOW_MS, (turns * 1000) / MESSAGES_PER_SEC));
}

/** When the batchers of a process send: next macrotask, or (under load) the next window. */
export class FlushScheduler {
  private queue: DeltaBatcher[] = [];
  private scheduled = false;
  private bucket = -1;
  private active = 0;
  private previousActive = 0;
  private readonly seen = new WeakMap<DeltaBatcher, number>();

  constructor(private readonly busyTurns = BUSY_TURNS) {}

  /** How many turns are sending now. */
  sending(): number {
    this.roll(Math.floor(performance.now() / BUCKET_MS));
    return Math.max(this.active, this.previousActive);
  }

  /** Whether enough turns are sending for deltas to wait for a window. */
  busy(): boolean {
    return this.sending() >= this.busyTurns;
  }

  /** `batcher` has something to send. */
  schedule(batcher: DeltaBatcher): void {
    this.queue.push(batcher);
    if (this.scheduled) return;
    this.scheduled = true;
    const turns = this.sending();
    if (turns >= this.busyTurns) setTimeout(this.pass, windowFor(turns));
    else setImmediate(this.pass);
  }

  /** Counts `batcher` as a turn sending now. */
  sent(batcher: DeltaBatcher): void {
    const bucket = Math.floor(performance.now() / BUCKET_MS);
    this.roll(bucket);
    if (this.seen.get(batcher) === bucket) return;
    this.seen.set(batcher, bucket);
    this.active++;
  }

  private roll(bucket: number): void {
    if (bucket === this.bucket) return;
    this.previousActive = bucket === this.bucket + 1 ? this.active : 0;
    this.active = 0;
    this.bucket = bucket;
  }

  private readonly pass = (): void => {
    const queue = this.queue;
    this.queue = [];
    this.scheduled = false;
    for (const batcher of queue) batcher.flush();
  };
}

const shared = new FlushScheduler();

export class DeltaBatcher {
  private pending: OutputDelta | null = null;
  private queued = false;

  constructor(
    private readonly send: (delta: OutputDelta) => void,
    private readonly scheduler: FlushScheduler = shared,
  ) {}

  add(delta: OutputDelta | null): void {
    if (!delta) return;
    if (this.pending && delta.from === this.pending.from + this.pending.text.length) {
      this.pending.text += delta.text;
    } else {
      this.flush();
      this.pending = { from: delta.from, text: delta.text };
    }
    if (!this.queued) {
      this.queued = true;
      this.scheduler.schedule(this);
    }
  }

  flush(): void {
    this.queued = false;
    if (!this.pending) return;
    const delta = this.pending;
    this.pending = null;
    this.scheduler.sent(this);
    this.send(delta);
  }

  /** Discards what was not sent: after an interrupt nothing more may be painted. */
  drop(): void {
    this.pending = null;
  }
}
