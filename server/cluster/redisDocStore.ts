// DocStore on Redis, for cluster mode: a document's updates are entries of a Redis Stream (ids
// `<seq>-0`, each with the node that wrote it), compacted into a snapshot key. `append` resolves
// once Redis has the entry (with appendfsync always, once it is on Redis's disk), so an edit is
// acknowledged only when every node can read it. Compaction merges what Redis holds up to the
// compacting node's last entry with that node's own state, so it never drops another node's update
// the compacting node had not seen yet.
import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { DocMeta, DocStore } from '../store/docStore';
import { docKeys } from './keys';
import { parseRange } from './logEntries';
import { APPEND, COMPACT, runScript } from './scripts';

type Exec = [Error | null, unknown][] | null;

function results(exec: Exec): unknown[] {
  if (!exec) throw new Error('Redis aborted a transaction');
  return exec.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

export class RedisDocStore implements DocStore {
  readonly shared = true;
  /** Redis's clock (ms) when this node loaded each document: older news is about an earlier file at its path. */
  private readonly loadedAt = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
  ) {}

  /** The snapshot (if any) and the log entries after it, read in one transaction. */
  async read(doc: string) {
    const k = docKeys(doc);
    const [snapSeq, snap, range, time] = results(
      await this.redis.multi().hget(k.meta, 'snapSeq').getBuffer(k.snap).xrangeBuffer(k.log, '-', '+').time().exec(),
    );
    const since = Number(snapSeq ?? 0);
    const [secs, micros] = (time as [string, string]).map(Number);
    return {
      at: secs * 1000 + Math.floor(micros / 1000),
      snapshot: Buffer.isBuffer(snap) ? new Uint8Array(snap) : null,
      snapSeq: since,
      entries: parseRange(range).filter((e) => e.seq > since),
    };
  }

  async load(doc: string) {
    const { snapshot, snapSeq, entries, at } = await this.read(doc);
    this.loadedAt.set(doc, at);
    const updates = [...(snapshot ? [snapshot] : []), ...entries.map((e) => e.update)];
    return { updates, lastSeq: entries.at(-1)?.seq ?? snapSeq };
  }

  /** Whether news told at `ms` (Redis's clock) came after this node loaded `doc`. */
  loadedBefore(doc: string, ms: number): boolean {
    return (this.loadedAt.get(doc) ?? Infinity) <= ms;
  }

  async append(doc: string, update: Uint8Array): Promise<number> {
    const k = docKeys(doc);
    return runScript(this.redis, APPEND, [k.log, k.meta], [this.nodeId, Buffer.from(update)]);
  }

  async compact(doc: string, snapshot: () => Uint8Array, throughSeq: number): Promise<void> {
    const k = docKeys(doc);
    const { snapshot: old, snapSeq, entries } = await this.read(doc);
    if (throughSeq <= snapSeq) return;
    const merged = Y.mergeUpdates([
      ...(old ? [old] : []),
      ...entries.filter((e) => e.seq <= throughSeq).map((e) => e.update),
      snapshot(),
    ]);
    // 0 means another node compacted meanwhile: its snapshot is as complete as this one.
    await runScript(this.redis, COMPACT, [k.log, k.snap, k.meta], [snapSeq, throughSeq, Buffer.from(merged)]);
  }

  async getMeta(doc: string): Promise<DocMeta | null> {
    const [diskHash, eol] = await this.redis.hmget(docKeys(doc).meta, 'diskHash', 'eol');
    return diskHash ? { diskHash, eol: eol === 'crlf' ? 'crlf' : 'lf' } : null;
  }

  async setMeta(doc: string, meta: DocMeta): Promise<void> {
    await this.redis.hset(docKeys(doc).meta, { diskHash: meta.diskHash, eol: meta.eol });
  }

  async drop(doc: string): Promise<void> {
    const k = docKeys(doc);
    this.loadedAt.delete(doc);
    await this.redis.del(k.log, k.snap, k.meta);
  }
}
