// A document's durable log, as its room writes it: every local update appended in order (through
// the AppendQueue, which retries a failed write rather than skip it), folded into a snapshot every
// COMPACT_AFTER updates, written again whole when the store lost it, and drained when the room closes
// — for a bounded time, so a node shutting down with its store gone does not hang. Updates of one
// event-loop turn are merged into one (Y.mergeUpdates) and sent beside any write in flight
// (appendQueue.ts): a burst of keystrokes is one store write and one log entry, and each is
// acknowledged when it and everything before it are in.
// A new generation (docGeneration.ts) replaces the whole log by its base, in the same order.
import * as Y from 'yjs';
import type { DocMeta, DocStore } from '../store/docStore';
import { AppendQueue } from './appendQueue';

/** After this many logged updates a document's log is folded into one snapshot. */
export const COMPACT_AFTER = 500;
/** How long closing waits for writes the store has not taken yet. */
export const CLOSE_WAIT_MS = 3000;

export class RoomLog {
  private readonly queue: AppendQueue;
  /** The sequence number of the last update written (where compaction folds up to). */
  private lastSeq = 0;
  private sinceCompact = 0;
  private closed = false;
  /** The compaction under way, if any (one at a time). */
  private compacting: Promise<void> | null = null;
  /** Updates not taken by a write yet; the write queued for them takes them all when it starts. */
  private batch: Uint8Array[] = [];

  constructor(
    /** The room's document now (a new generation replaces it). */
    private readonly doc: () => Y.Doc,
    private readonly id: string,
    private readonly path: string,
    private readonly store: DocStore,
    private readonly log: (m: string) => void,
  ) {
    this.queue = new AppendQueue(path, log);
  }

  /** The room was loaded from `count` stored updates, the last numbered `lastSeq`. */
  loaded(lastSeq: number, count: number): void {
    this.lastSeq = lastSeq;
    this.sinceCompact = count;
  }

  append(update: Uint8Array): void {
    if (this.batch.push(update) > 1) return;
    const batch = this.batch;
    // Taken when the write first runs; a retry writes the same updates again.
    let taken: Uint8Array | null = null;
    this.queue.pushBeside(async () => {
      taken ??= this.take(batch);
      this.lastSeq = await this.store.append(this.id, taken);
      if (++this.sinceCompact >= COMPACT_AFTER) this.compactSoon();
    });
  }

  /** Merges `batch`; later updates start a batch of their own. */
  private take(batch: Uint8Array[]): Uint8Array {
    if (this.batch === batch) this.batch = [];
    return batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
  }

  /**
   * Queues the start of `generation`: behind every update appended so far (their batch is closed,
   * so later updates are written after it), the whole log becomes `base`. Resolves once durable
   * (a failed write is retried in order, like an append).
   */
  rebase(base: Uint8Array, generation: number): Promise<void> {
    const rebase = this.store.rebase?.bind(this.store);
    if (!rebase) return Promise.reject(new Error('this store cannot start a document over'));
    this.batch = [];
    return new Promise((resolve) =>
      this.queue.push(async () => {
        this.lastSeq = await rebase(this.id, base, generation);
        this.sinceCompact = 1;
        resolve();
      }),
    );
  }

  /** Resolves once every update appended so far is in the store; see AppendQueue.flushed. */
  flushed(): Promise<void> {
    return this.queue.flushed();
  }

  /** The store lost this document's history (Redis lost its data): it is written again from the document. */
  reseed(meta: DocMeta): void {
    this.queue.push(async () => {
      this.lastSeq = await this.store.append(this.id, Y.encodeStateAsUpdate(this.doc()));
      this.sinceCompact = 1;
      await this.store.setMeta(this.id, meta);
    });
  }

  /**
   * Folds the log up to the last written update, beside the queue rather than in it: appends (and
   * their acknowledgements) do not wait for it, since it touches only what is already written. The
   * store may build the snapshot itself (SQLite does, off the event loop) or ask for this copy's.
   * A failed compaction loses nothing (the log is still there): it is left for the next one.
   */
  private compactSoon(): void {
    if (this.compacting || this.closed) return;
    const folded = this.sinceCompact;
    this.compacting = this.store
      .compact(this.id, () => Y.encodeStateAsUpdate(this.doc()), this.lastSeq)
      .then(() => void (this.sinceCompact -= folded - 1))
      .catch((err: Error) => this.log(`compacting ${this.path} failed: ${err.message}`))
      .finally(() => (this.compacting = null));
  }

  /** Waits (at most `waitMs`) for the queued writes; those the store has not taken are given up, and said so. */
  async close(waitMs = CLOSE_WAIT_MS): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + waitMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    while (this.queue.waiting > 0 && Date.now() < deadline) {
      await Promise.race([this.queue.flushed().catch(() => undefined), late]);
    }
    if (this.compacting) await Promise.race([this.compacting, late]);
    clearTimeout(timer);
    const lost = this.queue.stop();
    if (lost > 0) {
      this.log(
        `${this.path}: ${lost} queued write(s) did not reach the store within ${waitMs} ms of closing; ` +
          'the edits among them were not acknowledged, so the people who made them still have them and send them again',
      );
    }
  }
}
