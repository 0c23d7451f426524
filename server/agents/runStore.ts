// Why: a run's record — request, status, what it did, its snapshot, its diff and the review
// decisions — lives in SQLite so that it survives restarts and everyone sees the same history.
// The mutable parts of a run are one JSON column, so adding a field needs no migration.
import type { HunkDecision, HunkDecisionKind, RunDiffFile, RunStatus, RunSummary, RunValidation } from '../../lib/protocol';
import { HUNK_DECISIONS } from '../../lib/protocol';
import type { Db } from '../store/db';
import type { Snapshot } from './snapshot/snapshot';

export type RunRequestData = { files: string[]; path: string | null; range: RunSummary['range']; context: string | null; handoff?: RunSummary['handoff'] };

/** The parts of a run that change while it runs. */
export type RunState = Pick<RunSummary, 'reason' | 'summary' | 'progress' | 'isolation' | 'sandbox' | 'validationResult' | 'diffStat' | 'model'>;

export type RunRecord = {
  id: string;
  workspace: string;
  status: RunStatus;
  instruction: string;
  request: RunRequestData;
  validation: RunValidation;
  by: string;
  state: RunState;
  snapshot: Snapshot | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
};

type Row = {
  id: string;
  workspace: string;
  status: RunStatus;
  instruction: string;
  request: string;
  validation: string;
  by_name: string;
  state: string;
  snapshot: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
};

const fromRow = (r: Row): RunRecord => ({
  id: r.id,
  workspace: r.workspace,
  status: r.status,
  instruction: r.instruction,
  request: JSON.parse(r.request) as RunRequestData,
  validation: JSON.parse(r.validation) as RunValidation,
  by: r.by_name,
  state: JSON.parse(r.state) as RunState,
  snapshot: r.snapshot === null ? null : (JSON.parse(r.snapshot) as Snapshot),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export class RunStore {
  constructor(private readonly db: Db) {}

  insert(run: RunRecord): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, workspace, status, instruction, request, validation, by_name, state, snapshot, created_at, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.id, run.workspace, run.status, run.instruction, JSON.stringify(run.request), JSON.stringify(run.validation), run.by, JSON.stringify(run.state), run.snapshot && JSON.stringify(run.snapshot), run.createdAt, run.startedAt, run.finishedAt);
  }

  save(run: RunRecord): void {
    this.db
      .prepare('UPDATE runs SET status = ?, state = ?, snapshot = ?, started_at = ?, finished_at = ? WHERE id = ?')
      .run(run.status, JSON.stringify(run.state), run.snapshot && JSON.stringify(run.snapshot), run.startedAt, run.finishedAt, run.id);
  }

  get(id: string): RunRecord | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The workspace's most recent runs, newest first. */
  list(workspace: string, limit: number): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs WHERE workspace = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(workspace, limit) as Row[]).map(fromRow);
  }

  withStatus(workspace: string, status: RunStatus): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs WHERE workspace = ? AND status = ?').all(workspace, status) as Row[]).map(fromRow);
  }

  /** Finished runs that still have a snapshot on disk and ended before `before`. */
  withSnapshotFinishedBefore(workspace: string, before: number): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs WHERE workspace = ? AND snapshot IS NOT NULL AND finished_at < ?').all(workspace, before) as Row[]).map(fromRow);
  }

  saveDiff(runId: string, files: RunDiffFile[]): void {
    const insert = this.db.prepare('INSERT OR REPLACE INTO run_diff_files (run_id, path, status, binary, base_text, result_text, patch) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM run_diff_files WHERE run_id = ?').run(runId);
      for (const f of files) insert.run(runId, f.path, f.status, f.binary ? 1 : 0, f.baseText, f.resultText, f.patch);
    })();
  }

  diff(runId: string): RunDiffFile[] {
    const rows = this.db.prepare('SELECT * FROM run_diff_files WHERE run_id = ? ORDER BY path').all(runId) as {
      path: string;
      status: RunDiffFile['status'];
      binary: number;
      base_text: string;
      result_text: string;
      patch: string;
    }[];
    return rows.map((r) => ({ path: r.path, status: r.status, binary: r.binary === 1, baseText: r.base_text, resultText: r.result_text, patch: r.patch }));
  }

  saveDecisions(runId: string, decisions: Omit<HunkDecision, 'at'>[], at: number): void {
    const upsert = this.db.prepare('INSERT OR REPLACE INTO run_hunk_decisions (run_id, path, hunk_id, decision, by_name, at) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const d of decisions) upsert.run(runId, d.path, d.hunkId, d.decision, d.by, at);
    })();
  }

  decisions(runId: string): HunkDecision[] {
    const rows = this.db.prepare('SELECT path, hunk_id, decision, by_name, at FROM run_hunk_decisions WHERE run_id = ? ORDER BY path, at').all(runId) as {
      path: string;
      hunk_id: string;
      decision: HunkDecisionKind;
      by_name: string;
      at: number;
    }[];
    return rows.map((r) => ({ path: r.path, hunkId: r.hunk_id, decision: r.decision, by: r.by_name, at: r.at }));
  }

  reviewCounts(runId: string): Record<HunkDecisionKind, number> {
    const counts = Object.fromEntries(HUNK_DECISIONS.map((d) => [d, 0])) as Record<HunkDecisionKind, number>;
    for (const r of this.db.prepare('SELECT decision, COUNT(*) AS n FROM run_hunk_decisions WHERE run_id = ? GROUP BY decision').all(runId) as { decision: HunkDecisionKind; n: number }[]) {
      counts[r.decision] = r.n;
    }
    return counts;
  }

  delete(runId: string): void {
    this.db.transaction(() => {
      for (const table of ['run_hunk_decisions', 'run_diff_files', 'run_events']) this.db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
      this.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    })();
  }
}
