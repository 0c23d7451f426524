// Why: a node's SQLite copy of the cluster's run log must remember, across restarts, how far it
// has read (the log's epoch and last id, so a restart catches up from there and a new Redis is
// read from its start) and which log entry last changed each run (what a compaction must write
// again). Both live in the copy's own database, in the same transaction as the changes they
// describe.
import type { Db } from '../store/db';

export type TouchedRun = { run_id: string; last_id: string };

export class RunCopyPosition {
  /** The epoch of the log this copy read (see redisKeys.ts), '-' before the first read. */
  epoch: string;
  /** The id of the last entry applied to the copy. */
  id: string;
  private readonly saveRow;
  private readonly touchRow;
  private readonly touchedRows;

  constructor(
    db: Db,
    private readonly feed: string,
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS run_feed_cursor (feed TEXT PRIMARY KEY, last_id TEXT NOT NULL)');
    const row = db.prepare<[string], { last_id: string }>('SELECT last_id FROM run_feed_cursor WHERE feed = ?');
    // Stored as "<the log's epoch> <last id>".
    [this.epoch, this.id] = (row.get(feed)?.last_id ?? '- 0-0').split(' ') as [string, string];
    this.saveRow = db.prepare('INSERT OR REPLACE INTO run_feed_cursor (feed, last_id) VALUES (?, ?)');
    db.exec('CREATE TABLE IF NOT EXISTS run_feed_touched (run_id TEXT PRIMARY KEY, last_id TEXT NOT NULL)');
    this.touchRow = db.prepare('INSERT OR REPLACE INTO run_feed_touched (run_id, last_id) VALUES (?, ?)');
    this.touchedRows = db.prepare<[], TouchedRun>('SELECT run_id, last_id FROM run_feed_touched');
  }

  /** Stores how far the copy has read (call inside the transaction that applied the entries). */
  save(lastId: string): void {
    this.saveRow.run(this.feed, `${this.epoch} ${lastId}`);
  }

  touch(runId: string, entryId: string): void {
    this.touchRow.run(runId, entryId);
  }

  touched(): TouchedRun[] {
    return this.touchedRows.all();
  }
}
