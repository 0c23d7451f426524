// Why: folding a document's log into one snapshot costs as much as its whole history — for a
// document typed in all day, hundreds of milliseconds of Yjs encoding (measured on this loaded
// machine: 0.35–0.9 s for a 1.5 MB history) plus the SQLite rewrite — and it ran on the server's
// event loop. Here a worker thread with its own connection to the same database file reads the
// rows up to a sequence number, applies them to a fresh Y.Doc (so deleted text is garbage-collected
// as on load), and replaces them by its encoded state in one short transaction. Appends go on
// meanwhile (WAL: a reader does not block the writer); rows after that number are untouched, and a
// document dropped meanwhile is left dropped (the rows it read must all still be there).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain JavaScript evaluated in the worker, so it needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const Y = require(workerData.yjs);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const rows = db.prepare('SELECT data FROM doc_updates WHERE doc = ? AND seq <= ? ORDER BY seq');
const count = db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc = ? AND seq <= ?');
const del = db.prepare('DELETE FROM doc_updates WHERE doc = ? AND seq <= ?');
const ins = db.prepare('INSERT INTO doc_updates (doc, data, created_at) VALUES (?, ?, ?)');
const replace = db.transaction((doc, throughSeq, n, snapshot) => {
  if (count.get(doc, throughSeq).n !== n) return false;
  del.run(doc, throughSeq);
  ins.run(doc, snapshot, Date.now());
  return true;
});
parentPort.on('message', ({ id, doc, throughSeq }) => {
  try {
    const updates = rows.all(doc, throughSeq);
    if (updates.length < 2) return parentPort.postMessage({ id, error: null, folded: 0 });
    const ydoc = new Y.Doc();
    ydoc.transact(() => updates.forEach((r) => Y.applyUpdate(ydoc, r.data)));
    const snapshot = Buffer.from(Y.encodeStateAsUpdate(ydoc));
    ydoc.destroy();
    const done = replace.immediate(doc, throughSeq, updates.length, snapshot);
    parentPort.postMessage({ id, error: null, folded: done ? updates.length : 0 });
  } catch (err) {
    parentPort.postMessage({ id, error: err.message, folded: 0 });
  }
});
`;

type Reply = { id: number; error: string | null; folded: number };

const require = createRequire(import.meta.url);

/** One worker per database file, started on first use; it keeps the process alive only while a job runs. */
export class OffLoopCompactor {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (n: number) => void; reject: (err: Error) => void }>();
  private nextId = 0;

  constructor(private readonly file: string) {}

  /** Folds the rows of `doc` up to `throughSeq` into one; resolves with how many were folded (0: none). */
  compact(doc: string, throughSeq: number): Promise<number> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const w = this.started();
      w.ref();
      w.postMessage({ id, doc, throughSeq });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      // No execArgv: the worker needs no loader, and an inherited --input-type=module would break its source.
      execArgv: [],
      workerData: { file: this.file, sqlite: require.resolve('better-sqlite3'), yjs: require.resolve('yjs') },
    });
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (this.pending.size === 0) w.unref();
      if (r.error === null) p?.resolve(r.folded);
      else p?.reject(new Error(r.error));
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = null;
      const all = [...this.pending.values()];
      this.pending.clear();
      for (const p of all) p.reject(err);
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the compaction worker exited (code ${code})`)));
    this.worker = w;
    return w;
  }
}
