// Why: the run ledger of cluster mode. The truth is an ordered log in Redis (one stream per
// workspace, see runFeed.ts): every web node and worker appends its changes to it and reads
// everyone's back, in the same order, into the run tables of its own SQLite file — its copy, from
// which it answers synchronously and keeps serving when Redis is away. A node tells its own
// people about each change as it reaches its copy, so the run list, evidence and diffs are the
// same on every node, whichever process ran the run. The copy remembers how far it has read, so a
// node that restarts or reconnects catches up from there. The log is kept bounded: past
// TANDEM_RUN_LOG_MAX_ENTRIES entries a process compacts it into a snapshot and trims it
// (runLogCompaction.ts); a copy that had not read what was trimmed loads the snapshot first.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { ProtocolFailure, type EvidenceDraft, type HunkDecision, type RunDiffFile } from '../../lib/protocol';
import type { Db } from '../store/db';
import { EvidenceLog } from './evidenceLog';
import { LocalRunReads } from './localRunReads';
import { runKeys, type RunKeys } from './redisKeys';
import { applyChange, captureCopy, parseSnapshot, replaceRuns } from './runCopy';
import { changeRunId, compareIds, decodeEntry, encodeChange, WRITE_SCRIPT, type FeedChange } from './runFeed';
import type { RunFigures } from './runFigures';
import { checkEvery, compactIfLong, COMPACT_SCRIPT, type Compactor } from './runLogCompaction';
import type { LedgerListener, RunLedger } from './runLedger';
import type { RunFence } from './runQueue';
import { RunCopyPosition } from './runCopyPosition';
import { RunStore, type RunRecord } from './runStore';
import { within } from '../../lib/within';

type Writer = Compactor & {
  tandemRunWrite(
    feed: string,
    seqs: string,
    kind: string,
    runId: string,
    data: string,
    fenceKey: string,
    fenceToken: string,
  ): Promise<[string, number]>;
};
type XReadReply = [stream: string, entries: [id: string, fields: string[]][]][] | null;

const BATCH = 500;
const BLOCK_MS = 1000;
const CLOSE_WAIT_MS = 5000;
export const DEFAULT_LOG_MAX_ENTRIES = 10_000;

export class RedisRunLedger extends LocalRunReads implements RunLedger {
  private readonly keys: RunKeys;
  private readonly redis: Writer;
  private readonly reader: Redis;
  private readonly position: RunCopyPosition;
  private writes: Promise<unknown> = Promise.resolve();
  private lastWritten: string | null = null;
  private writeError: Error | null = null;
  private waiters: { id: string; resolve: () => void }[] = [];
  private tailing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly fences = new Map<string, RunFence>();
  /** Entries read since the log's length was last looked at (starts due). */
  private sinceCheck: number;
  private readonly owner = randomUUID();

  private get cursor(): string {
    return this.position.id;
  }

  private constructor(
    private readonly db: Db,
    redisUrl: string,
    private readonly workspace: string,
    private readonly listener: LedgerListener,
    private readonly log: (m: string) => void,
    private readonly maxEntries: number,
  ) {
    super(new RunStore(db), new EvidenceLog(db, () => undefined));
    this.keys = runKeys(workspace);
    this.sinceCheck = checkEvery(maxEntries);
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null }) as Writer;
    this.redis.defineCommand('tandemRunWrite', { numberOfKeys: 2, lua: WRITE_SCRIPT });
    this.redis.defineCommand('tandemRunCompact', { numberOfKeys: 3, lua: COMPACT_SCRIPT });
    this.redis.on('error', (err) => log(`run ledger: redis: ${err.message}`));
    this.reader = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.reader.on('error', (err) => log(`run ledger: redis (reader): ${err.message}`));
    this.position = new RunCopyPosition(db, this.keys.feed);
  }

  /** Opens the ledger and catches this process's copy up with the log before it returns. */
  static async open(opts: {
    db: Db;
    redisUrl: string;
    workspace: string;
    listener: LedgerListener;
    log: (m: string) => void;
    /** Compact the log past this many entries (TANDEM_RUN_LOG_MAX_ENTRIES). */
    maxLogEntries?: number;
  }): Promise<RedisRunLedger> {
    const ledger = new RedisRunLedger(
      opts.db,
      opts.redisUrl,
      opts.workspace,
      opts.listener,
      opts.log,
      opts.maxLogEntries ?? DEFAULT_LOG_MAX_ENTRIES,
    );
    await ledger.redis.set(ledger.keys.feedEpoch, randomUUID(), 'NX');
    const epoch = (await ledger.redis.get(ledger.keys.feedEpoch))!;
    if (ledger.position.epoch !== epoch && ledger.cursor !== '0-0') {
      opts.log(
        'the run log in Redis is not the one this copy read (a new or emptied Redis): reading it from its start',
      );
      ledger.position.id = '0-0';
    }
    ledger.position.epoch = epoch;
    ledger.tailing = ledger.tail();
    await ledger.sync();
    return ledger;
  }

  insert(run: RunRecord): void {
    this.write({ kind: 'run', run });
  }

  save(run: RunRecord): void {
    this.write({ kind: 'run', run });
  }

  saveDiff(runId: string, files: RunDiffFile[]): void {
    this.write({ kind: 'diff', runId, files });
  }

  /** Also kept here at once: the reviewer's answer carries the new counts. */
  saveDecisions(runId: string, decisions: Omit<HunkDecision, 'at'>[], at: number): void {
    this.assertWritable();
    this.store.saveDecisions(runId, decisions, at);
    this.write({ kind: 'decisions', runId, decisions, at });
    this.listener.updated(runId);
  }

  append(runId: string, draft: EvidenceDraft): void {
    this.write({ kind: 'evidence', runId, draft, at: Date.now() });
  }

  delete(runId: string): void {
    this.write({ kind: 'delete', runId });
  }

  /** A run this process ran ended: its figures, for every node's /metrics. */
  shareFigures(runId: string, by: string, figures: RunFigures): void {
    this.write({ kind: 'figures', runId, by, figures });
  }

  hold(runId: string, fence: RunFence | null): void {
    if (fence) this.fences.set(runId, fence);
    else this.fences.delete(runId);
  }

  /** A write made while Redis is away would wait for it: refused instead, with a clear message. */
  assertWritable(): void {
    if (this.redis.status !== 'ready')
      throw new ProtocolFailure('unavailable', 'Redis is unreachable: runs cannot be changed now; try again shortly');
  }

  async flush(): Promise<void> {
    await this.writes;
    const err = this.writeError;
    this.writeError = null;
    if (err) throw new Error(`could not write to the run log in Redis: ${err.message}`);
    if (this.lastWritten) await this.until(this.lastWritten);
  }

  async sync(): Promise<void> {
    const last = await this.lastId();
    if (last) await this.until(last);
  }

  /** Waits a while for writes still on their way (Redis may be away), then lets them go. */
  async close(): Promise<void> {
    if (!(await within(CLOSE_WAIT_MS, this.writes)))
      this.log(`run ledger: closing with writes Redis has not taken (waited ${CLOSE_WAIT_MS} ms)`);
    this.closed = true;
    this.reader.disconnect();
    await this.tailing;
    this.redis.disconnect();
  }

  /** Writes go out in order on one connection; a failure is kept for the next flush. */
  private write(change: FeedChange): void {
    const [kind, runId, data] = encodeChange(change);
    const fence = this.fences.get(runId);
    const write = this.redis.tandemRunWrite(
      this.keys.feed,
      this.keys.seqs,
      kind,
      runId,
      data,
      fence?.key ?? '',
      fence?.token ?? '',
    );
    this.writes = write.then(
      ([id]) => void (this.lastWritten = id),
      (err: Error) => {
        this.log(`run ledger: could not write a ${kind} change of run ${runId}: ${err.message}`);
        this.writeError ??= err;
      },
    );
  }

  private async lastId(): Promise<string | null> {
    const last = await this.redis.xrevrange(this.keys.feed, '+', '-', 'COUNT', 1);
    return last[0]?.[0] ?? null;
  }

  private until(id: string): Promise<void> {
    if (compareIds(this.cursor, id) >= 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ id, resolve }));
  }

  /**
   * Reads the log in order. The trim mark and the next entries are read together: a copy that has
   * not read an entry that was trimmed loads the snapshot instead, then reads on after it.
   */
  private async tail(): Promise<void> {
    while (!this.closed) {
      try {
        const res = await this.reader
          .multi()
          .get(this.keys.feedTrimmed)
          .xread('COUNT', BATCH, 'STREAMS', this.keys.feed, this.cursor)
          .exec();
        for (const [err] of res ?? []) if (err) throw err;
        const mark = res?.[0]?.[1] as string | null;
        const reply = res?.[1]?.[1] as XReadReply;
        if (mark && compareIds(this.cursor, mark) < 0) {
          await this.loadSnapshot();
          continue;
        }
        if (!reply) {
          await this.maybeCompact();
          await this.reader.xread('COUNT', 1, 'BLOCK', BLOCK_MS, 'STREAMS', this.keys.feed, this.cursor);
          continue;
        }
        for (const [, entries] of reply) {
          this.apply(entries);
          this.sinceCheck += entries.length;
        }
        await this.maybeCompact();
      } catch (err) {
        if (this.closed) return;
        this.log(`run ledger: reading the run log: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Every tenth of the bound, looks at the log's length (runLogCompaction.ts). */
  private async maybeCompact(): Promise<void> {
    if (this.sinceCheck < checkEvery(this.maxEntries)) return;
    this.sinceCheck = 0;
    const done = await compactIfLong({
      redis: this.redis,
      keys: this.keys,
      maxEntries: this.maxEntries,
      owner: this.owner,
      capture: (since) =>
        captureCopy(this.store, this.evidence, this.workspace, this.position.touched(), since, this.cursor),
    });
    if (done) this.log(`run log: compacted up to ${this.cursor} in ${done.ms} ms`);
  }

  private async loadSnapshot(): Promise<void> {
    const { at, runs } = parseSnapshot(await this.reader.hgetall(this.keys.feedSnapshot));
    let announce: (() => void)[] = [];
    this.db.transaction(() => {
      announce = replaceRuns(this.store, this.evidence, this.workspace, runs, this.listener);
      for (const id of runs.keys()) this.position.touch(id, at);
      this.position.save(at);
    })();
    this.log(`run log: this copy had not read what was trimmed: loaded the snapshot (${runs.size} runs, up to ${at})`);
    this.advance(at, announce);
  }

  /** One batch in one transaction, then its announcements, then whoever waited for it. */
  private apply(entries: [string, string[]][]): void {
    if (entries.length === 0) return;
    const announce: (() => void)[] = [];
    this.db.transaction(() => {
      for (const [id, fields] of entries) {
        const { change, seq } = decodeEntry(id, fields);
        announce.push(applyChange(this.store, this.evidence, this.listener, change, seq));
        this.position.touch(changeRunId(change), id);
      }
      this.position.save(entries[entries.length - 1]![0]);
    })();
    this.advance(entries[entries.length - 1]![0], announce);
  }

  private advance(cursor: string, announce: (() => void)[]): void {
    this.position.id = cursor;
    for (const a of announce) a();
    const ready = this.waiters.filter((w) => compareIds(this.cursor, w.id) >= 0);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }
}
