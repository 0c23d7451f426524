// Why: in WAL mode SQLite copies the log back into the database file (a checkpoint, with an
// fsync) from whichever statement takes the log past 1,000 pages — on the server's event loop, in
// the middle of an edit's append or a transcript save: 5–10 ms each on this machine's quiet disk
// (30,000 small inserts: 37 statements over 3 ms, none without automatic checkpoints), much longer
// while runs write to the same disk. Here the server's connection checkpoints no more, and a
// worker thread with its own connection to the same file checkpoints every second (PASSIVE: it
// neither blocks writers nor waits for readers). Durability is unchanged: a commit is in the log
// either way. If the worker fails, the connection checkpoints by itself again.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';

/** SQLite's default: the connection checkpoints once the log passes this many pages. */
const AUTO_CHECKPOINT_PAGES = 1000;
export const CHECKPOINT_EVERY_MS = 1000;

// Plain JavaScript evaluated in the worker, so it needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
setInterval(() => {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  if (r.checkpointed > 0) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed });
}, workerData.everyMs);
`;

/** One checkpoint's outcome: pages in the log, and how many of them are now in the database file. */
export type Checkpoint = { log: number; checkpointed: number };

const require = createRequire(import.meta.url);

export class WalCheckpoints {
  private worker: Worker | null;
  private readonly listeners = new Set<(c: Checkpoint) => void>();

  constructor(
    private readonly db: Db,
    log: (m: string) => void,
    everyMs = CHECKPOINT_EVERY_MS,
  ) {
    db.pragma('wal_autocheckpoint = 0');
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      // No execArgv: the worker needs no loader, and an inherited --input-type=module would break its source.
      execArgv: [],
      workerData: { file: db.name, sqlite: require.resolve('better-sqlite3'), everyMs },
    });
    w.unref();
    w.on('message', (c: Checkpoint) => this.listeners.forEach((l) => l(c)));
    const fail = (why: string) => {
      if (this.worker !== w) return;
      this.worker = null;
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      log(`database checkpoints back on the event loop: ${why}`);
    };
    w.on('error', (err) => fail(err.message));
    w.on('exit', (code) => fail(`the checkpoint worker exited (code ${code})`));
    this.worker = w;
  }

  /** Whether a worker checkpoints (false: the connection does, as SQLite does by default). */
  get offLoop(): boolean {
    return this.worker !== null;
  }

  /** Calls `listener` after each checkpoint that copied pages (an idle second posts nothing); returns unsubscribe. */
  onCheckpoint(listener: (c: Checkpoint) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the worker (before the connection closes: closing the last connection checkpoints the rest). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }
}
