// Where document history lives. Callers see only this interface, so a Redis-backed store can
// replace the SQLite one without touching them. `append` resolves only once the update is durable:
// the gateway acknowledges an edit after it. The SQLite store commits the appends of one turn of
// the event loop (every document's) in one transaction: a commit per keystroke was the soak's
// most frequent synchronous task, and one commit costs about the same for one row as for fifty.
// Its compaction runs in a worker thread (offLoopCompaction.ts). A document may be started over
// (a new generation, server/collab/docGeneration.ts): its log is replaced by one snapshot at once.
import type { Db } from './db';
import { OffLoopCompactor } from './offLoopCompaction';

export type DocMeta = { diskHash: string; eol: 'lf' | 'crlf' };

export interface DocStore {
  /**
   * Other nodes read this store's log to learn of edits (Redis): a room sends an append before it
   * relays the update to its own people, so theirs do not wait behind local sends. Absent: local.
   */
  readonly shared?: boolean;
  /**
   * All stored updates of a document, oldest first, with the sequence of the last one and the
   * generation they belong to (absent: 0, a store that never starts documents over).
   */
  load(doc: string): Promise<{ updates: Uint8Array[]; lastSeq: number; generation?: number }>;
  append(doc: string, update: Uint8Array): Promise<number>;
  /**
   * Replaces every update up to `throughSeq` by one snapshot that contains them all: the store
   * builds it from its own rows, or takes `snapshot()` (the caller's copy, which has them all).
   */
  compact(doc: string, snapshot: () => Uint8Array, throughSeq: number): Promise<void>;
  getMeta(doc: string): Promise<DocMeta | null>;
  setMeta(doc: string, meta: DocMeta): Promise<void>;
  /** Forgets a document (its file was deleted), so a new file at that path starts fresh. */
  drop(doc: string): Promise<void>;
  /**
   * Starts the document over: its whole log is replaced by `snapshot`, the base of `generation`,
   * in one transaction; resolves with the snapshot's sequence once durable. Absent: not supported.
   */
  rebase?(doc: string, snapshot: Uint8Array, generation: number): Promise<number>;
}

type PendingAppend = { doc: string; data: Buffer; resolve: (seq: number) => void; reject: (err: Error) => void };

export class SqliteDocStore implements DocStore {
  private readonly stmts;
  /** Appends waiting for this turn's transaction (committed at setImmediate, in arrival order). */
  private pending: PendingAppend[] = [];

  private readonly compactor: OffLoopCompactor | null;

  constructor(db: Db) {
    this.compactor = db.memory ? null : new OffLoopCompactor(db.name);
    this.stmts = {
      load: db.prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM doc_updates WHERE doc = ? ORDER BY seq',
      ),
      append: db.prepare('INSERT INTO doc_updates (doc, data, created_at) VALUES (?, ?, ?)'),
      deleteThrough: db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?'),
      getMeta: db.prepare<[string], { disk_hash: string; eol: string }>(
        'SELECT disk_hash, eol FROM doc_meta WHERE doc = ?',
      ),
      setMeta: db.prepare(
        'INSERT INTO doc_meta (doc, disk_hash, eol) VALUES (?, ?, ?) ' +
          'ON CONFLICT(doc) DO UPDATE SET disk_hash = excluded.disk_hash, eol = excluded.eol',
      ),
      dropUpdates: db.prepare('DELETE FROM doc_updates WHERE doc = ?'),
      dropMeta: db.prepare('DELETE FROM doc_meta WHERE doc = ?'),
      getGeneration: db.prepare<[string], { generation: number }>(
        'SELECT generation FROM doc_generations WHERE doc = ?',
      ),
      setGeneration: db.prepare(
        'INSERT INTO doc_generations (doc, generation) VALUES (?, ?) ' +
          'ON CONFLICT(doc) DO UPDATE SET generation = excluded.generation',
      ),
      dropGeneration: db.prepare('DELETE FROM doc_generations WHERE doc = ?'),
    };
    this.dropTx = db.transaction((doc: string) => {
      this.stmts.dropUpdates.run(doc);
      this.stmts.dropMeta.run(doc);
      this.stmts.dropGeneration.run(doc);
    });
    this.rebaseTx = db.transaction((doc: string, snapshot: Uint8Array, generation: number) => {
      this.stmts.dropUpdates.run(doc);
      this.stmts.setGeneration.run(doc, generation);
      return Number(this.stmts.append.run(doc, Buffer.from(snapshot), Date.now()).lastInsertRowid);
    });
    this.appendTx = db.transaction((rows: PendingAppend[]) =>
      rows.map((r) => Number(this.stmts.append.run(r.doc, r.data, Date.now()).lastInsertRowid)),
    );
    this.compactTx = db.transaction((doc: string, snapshot: Uint8Array, throughSeq: number) => {
      this.stmts.deleteThrough.run(doc, throughSeq);
      this.stmts.append.run(doc, Buffer.from(snapshot), Date.now());
    });
  }

  private readonly appendTx: (rows: PendingAppend[]) => number[];
  private readonly compactTx: (doc: string, snapshot: Uint8Array, throughSeq: number) => void;
  private readonly dropTx: (doc: string) => void;
  private readonly rebaseTx: (doc: string, snapshot: Uint8Array, generation: number) => number;

  async load(doc: string) {
    this.commit();
    const rows = this.stmts.load.all(doc);
    return {
      updates: rows.map((r) => new Uint8Array(r.data)),
      lastSeq: rows.length ? rows[rows.length - 1].seq : 0,
      generation: this.stmts.getGeneration.get(doc)?.generation ?? 0,
    };
  }

  /** Waiting appends commit first (they came before); a compaction under way finds its rows gone, folds nothing. */
  async rebase(doc: string, snapshot: Uint8Array, generation: number): Promise<number> {
    this.commit();
    return this.rebaseTx(doc, snapshot, generation);
  }

  /** Resolves with the update's sequence number once the transaction that holds it has committed. */
  append(doc: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ doc, data: Buffer.from(update), resolve, reject }) === 1)
        setImmediate(() => this.commit());
    });
  }

  /** Writes the waiting appends in one transaction; if it fails, none is written and each is refused. */
  private commit(): void {
    const rows = this.pending;
    if (rows.length === 0) return;
    this.pending = [];
    let seqs: number[];
    try {
      seqs = this.appendTx(rows);
    } catch (err) {
      for (const r of rows) r.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    rows.forEach((r, i) => r.resolve(seqs[i]!));
  }

  /** Off the event loop (offLoopCompaction.ts) for a database file; in this thread for one in memory. */
  async compact(doc: string, snapshot: () => Uint8Array, throughSeq: number) {
    this.commit();
    if (this.compactor) await this.compactor.compact(doc, throughSeq);
    else this.compactTx(doc, snapshot(), throughSeq);
  }

  /** Stops the compaction worker (the database itself is closed by its owner). */
  async close(): Promise<void> {
    await this.compactor?.close();
  }

  async getMeta(doc: string): Promise<DocMeta | null> {
    const row = this.stmts.getMeta.get(doc);
    return row ? { diskHash: row.disk_hash, eol: row.eol === 'crlf' ? 'crlf' : 'lf' } : null;
  }

  async setMeta(doc: string, meta: DocMeta) {
    this.stmts.setMeta.run(doc, meta.diskHash, meta.eol);
  }

  async drop(doc: string) {
    this.commit();
    this.dropTx(doc);
  }
}
