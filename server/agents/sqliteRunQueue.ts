// Why: the embedded queue — one SQLite table, so a queued run survives a restart, and a run that
// was taken when the process stopped goes back to the queue at the next start, ahead of the
// others, and is reported (at least once, as BullMQ does for a stalled job): the processor
// restarts it from its snapshot, so what the stopped attempt half did is undone.
import type { Db } from '../store/db';
import { RunStop, type RunProcessor, type RunQueue } from './runQueue';

export class SqliteRunQueue implements RunQueue {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private process: RunProcessor | null = null;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly workspace: string,
    private readonly concurrency: number,
    private readonly log: (m: string) => void,
  ) {}

  async enqueue(runId: string): Promise<void> {
    this.db
      // As in BullMQ (the run id is the job id), queueing a run twice adds it once.
      .prepare('INSERT OR IGNORE INTO run_queue (run_id, workspace, enqueued_at, claimed_at) VALUES (?, ?, ?, NULL)')
      .run(runId, this.workspace, Date.now());
    this.pump();
  }

  async cancel(runId: string, reason: string): Promise<'queued' | 'running' | 'absent'> {
    const running = this.active.get(runId);
    if (running) {
      running.controller.abort(new RunStop('cancel', reason));
      return 'running';
    }
    const removed = this.db.prepare('DELETE FROM run_queue WHERE run_id = ? AND claimed_at IS NULL').run(runId).changes;
    return removed > 0 ? 'queued' : 'absent';
  }

  async start(process: RunProcessor): Promise<{ interrupted: string[] }> {
    const rows = this.db
      .prepare('SELECT run_id FROM run_queue WHERE workspace = ? AND claimed_at IS NOT NULL')
      .all(this.workspace) as { run_id: string }[];
    // Back in the queue with their first place: they were queued before anything waiting now.
    this.db
      .prepare('UPDATE run_queue SET claimed_at = NULL WHERE workspace = ? AND claimed_at IS NOT NULL')
      .run(this.workspace);
    this.process = process;
    this.pump();
    return { interrupted: rows.map((r) => r.run_id) };
  }

  async waiting(): Promise<string[]> {
    const rows = this.db
      .prepare('SELECT run_id FROM run_queue WHERE workspace = ? AND claimed_at IS NULL ORDER BY enqueued_at, rowid')
      .all(this.workspace) as { run_id: string }[];
    return rows.map((r) => r.run_id);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const { controller } of this.active.values())
      controller.abort(new RunStop('shutdown', 'Tandem is shutting down'));
    await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private pump(): void {
    if (!this.process || this.closed) return;
    while (this.active.size < this.concurrency) {
      const next = this.db
        .prepare(
          'SELECT run_id FROM run_queue WHERE workspace = ? AND claimed_at IS NULL ORDER BY enqueued_at, rowid LIMIT 1',
        )
        .get(this.workspace) as { run_id: string } | undefined;
      if (!next) return;
      this.db.prepare('UPDATE run_queue SET claimed_at = ? WHERE run_id = ?').run(Date.now(), next.run_id);
      this.launch(next.run_id, this.process);
    }
  }

  private launch(runId: string, process: RunProcessor): void {
    const controller = new AbortController();
    const done = process(runId, controller.signal)
      .catch((err) => this.log(`run ${runId} ended with an error: ${(err as Error).stack ?? err}`))
      .finally(() => {
        this.active.delete(runId);
        // After a shutdown the row stays claimed: the next start gives the run back to the queue.
        if (!this.closed) {
          this.db.prepare('DELETE FROM run_queue WHERE run_id = ?').run(runId);
          this.pump();
        }
      });
    this.active.set(runId, { controller, done });
  }
}
