// Where document history lives. Callers see only this interface, so a Redis-backed store can
// replace the SQLite one without touching them. `append` resolves only once the update is durable:
// the gateway acknowledges an edit after it.
import type { Db } from './db';

export type DocMeta = { diskHash: string; eol: 'lf' | 'crlf' };

export interface DocStore {
  /** All stored updates of a document, oldest first, with the sequence of the last one. */
  load(doc: string): Promise<{ updates: Uint8Array[]; lastSeq: number }>;
  append(doc: string, update: Uint8Array): Promise<number>;
  /** Replaces every update up to `throughSeq` by one snapshot that contains them all. */
  compact(doc: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  getMeta(doc: string): Promise<DocMeta | null>;
  setMeta(doc: string, meta: DocMeta): Promise<void>;
  /** Forgets a document (its file was deleted), so a new file at that path starts fresh. */
  drop(doc: string): Promise<void>;
}

export class SqliteDocStore implements DocStore {
  private readonly stmts;

  constructor(db: Db) {
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
    };
    this.dropTx = db.transaction((doc: string) => {
      this.stmts.dropUpdates.run(doc);
      this.stmts.dropMeta.run(doc);
    });
    this.compactTx = db.transaction((doc: string, snapshot: Uint8Array, throughSeq: number) => {
      this.stmts.deleteThrough.run(doc, throughSeq);
      this.stmts.append.run(doc, Buffer.from(snapshot), Date.now());
    });
  }

  private readonly compactTx: (doc: string, snapshot: Uint8Array, throughSeq: number) => void;
  private readonly dropTx: (doc: string) => void;

  async load(doc: string) {
    const rows = this.stmts.load.all(doc);
    return { updates: rows.map((r) => new Uint8Array(r.data)), lastSeq: rows.length ? rows[rows.length - 1].seq : 0 };
  }

  async append(doc: string, update: Uint8Array) {
    return Number(this.stmts.append.run(doc, Buffer.from(update), Date.now()).lastInsertRowid);
  }

  async compact(doc: string, snapshot: Uint8Array, throughSeq: number) {
    this.compactTx(doc, snapshot, throughSeq);
  }

  async getMeta(doc: string): Promise<DocMeta | null> {
    const row = this.stmts.getMeta.get(doc);
    return row ? { diskHash: row.disk_hash, eol: row.eol === 'crlf' ? 'crlf' : 'lf' } : null;
  }

  async setMeta(doc: string, meta: DocMeta) {
    this.stmts.setMeta.run(doc, meta.diskHash, meta.eol);
  }

  async drop(doc: string) {
    this.dropTx(doc);
  }
}
