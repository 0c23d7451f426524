// Why: a run's record — request, status, what it did, its snapshot, its diff and the decisions
// on its hunks — lives in SQLite so that it survives restarts and everyone sees the same history.
// The mutable parts of a run are one JSON column, so adding a field needs no migration.
import type {
  HandoffEvidence,
  HunkDecision,
  HunkDecisionKind,
  RunDiffFile,
  RunStatus,
  RunSummary,
  RunValidation,
} from '../../lib/protocol';
import { HUNK_DECISIONS } from '../../lib/protocol';
import type { Db } from '../store/db';
import type { ApprovalPolicy } from './approvalPolicy';
import type { Snapshot } from './snapshot/snapshot';

export type RunRequestData = {
  files: string[];
  path: string | null;
  range: RunSummary['range'];
  context: string | null;
  handoff?: RunSummary['handoff'];
  /** What a handed-off run received from the fast session (its first evidence item). */
  handoffEvidence?: HandoffEvidence | null;
  /** tandem.json's `approvals` when the run was queued (absent on runs queued before approvals existed). */
  approvals?: ApprovalPolicy;
};

/** The parts of a run that change while it runs. */
export type RunState = Pick<
  RunSummary,
  'reason' | 'summary' | 'progress' | 'isolation' | 'sandbox' | 'validationResult' | 'diffStat' | 'model'
> & {
  /** Times the run was restarted after the process running it stopped (runRestarts.ts); absent: 0. */
  restarts?: number;
};

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

type DiffRow = {
  path: string;
  status: RunDiffFile['status'];
  binary: number;
  base_text: string;
  result_text: string;
  patch: string;
};
type DecisionRow = { path: string; hunk_id: string; decision: HunkDecisionKind; by_name: string; at: number };

export class RunStore {
  private readonly stmts;
  private readonly saveDiffTx;
  private readonly saveDecisionsTx;
  private readonly deleteTx;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO runs (id, workspace, status, instruction, request, validation, by_name, state, snapshot,
           created_at, started_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      save: db.prepare(
        'UPDATE runs SET status = ?, state = ?, snapshot = ?, started_at = ?, finished_at = ? WHERE id = ?',
      ),
      get: db.prepare<[string], Row>('SELECT * FROM runs WHERE id = ?'),
      list: db.prepare<[string, number], Row>(
        'SELECT * FROM runs WHERE workspace = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
      ),
      ids: db.prepare<[string], { id: string }>('SELECT id FROM runs WHERE workspace = ?'),
      withStatus: db.prepare<[string, RunStatus], Row>('SELECT * FROM runs WHERE workspace = ? AND status = ?'),
      withSnapshotBefore: db.prepare<[string, number], Row>(
        'SELECT * FROM runs WHERE workspace = ? AND snapshot IS NOT NULL AND finished_at < ?',
      ),
      deleteDiff: db.prepare('DELETE FROM run_diff_files WHERE run_id = ?'),
      insertDiffFile: db.prepare(
        'INSERT OR REPLACE INTO run_diff_files (run_id, path, status, binary, base_text, result_text, patch) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      diff: db.prepare<[string], DiffRow>('SELECT * FROM run_diff_files WHERE run_id = ? ORDER BY path'),
      upsertDecision: db.prepare(
        'INSERT OR REPLACE INTO run_hunk_decisions (run_id, path, hunk_id, decision, by_name, at) ' +
          'VALUES (?, ?, ?, ?, ?, ?)',
      ),
      decisions: db.prepare<[string], DecisionRow>(
        'SELECT path, hunk_id, decision, by_name, at FROM run_hunk_decisions WHERE run_id = ? ORDER BY path, at',
      ),
      decisionCounts: db.prepare<[string], { decision: HunkDecisionKind; n: number }>(
        'SELECT decision, COUNT(*) AS n FROM run_hunk_decisions WHERE run_id = ? GROUP BY decision',
      ),
      deleteFrom: ['run_hunk_decisions', 'run_diff_files', 'run_events'].map((table) =>
        db.prepare(`DELETE FROM ${table} WHERE run_id = ?`),
      ),
      deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    };
    this.saveDiffTx = db.transaction((runId: string, files: RunDiffFile[]) => {
      this.stmts.deleteDiff.run(runId);
      for (const f of files)
        this.stmts.insertDiffFile.run(runId, f.path, f.status, f.binary ? 1 : 0, f.baseText, f.resultText, f.patch);
    });
    this.saveDecisionsTx = db.transaction((runId: string, decisions: Omit<HunkDecision, 'at'>[], at: number) => {
      for (const d of decisions) this.stmts.upsertDecision.run(runId, d.path, d.hunkId, d.decision, d.by, at);
    });
    this.deleteTx = db.transaction((runId: string) => {
      for (const stmt of this.stmts.deleteFrom) stmt.run(runId);
      this.stmts.deleteRun.run(runId);
    });
  }

  insert(run: RunRecord): void {
    this.stmts.insert.run(
      run.id,
      run.workspace,
      run.status,
      run.instruction,
      JSON.stringify(run.request),
      JSON.stringify(run.validation),
      run.by,
      JSON.stringify(run.state),
      run.snapshot && JSON.stringify(run.snapshot),
      run.createdAt,
      run.startedAt,
      run.finishedAt,
    );
  }

  save(run: RunRecord): void {
    this.stmts.save.run(
      run.status,
      JSON.stringify(run.state),
      run.snapshot && JSON.stringify(run.snapshot),
      run.startedAt,
      run.finishedAt,
      run.id,
    );
  }

  /** Inserts the run, or saves it when it is already here. */
  upsert(run: RunRecord): void {
    if (this.stmts.get.get(run.id)) this.save(run);
    else this.insert(run);
  }

  get(id: string): RunRecord | null {
    const row = this.stmts.get.get(id);
    return row ? fromRow(row) : null;
  }

  /** The workspace's most recent runs, newest first. */
  list(workspace: string, limit: number): RunRecord[] {
    return this.stmts.list.all(workspace, limit).map(fromRow);
  }

  /** Every run of the workspace, by id only. */
  ids(workspace: string): string[] {
    return this.stmts.ids.all(workspace).map((r) => r.id);
  }

  withStatus(workspace: string, status: RunStatus): RunRecord[] {
    return this.stmts.withStatus.all(workspace, status).map(fromRow);
  }

  /** Finished runs that still have a snapshot on disk and ended before `before`. */
  withSnapshotFinishedBefore(workspace: string, before: number): RunRecord[] {
    return this.stmts.withSnapshotBefore.all(workspace, before).map(fromRow);
  }

  saveDiff(runId: string, files: RunDiffFile[]): void {
    this.saveDiffTx(runId, files);
  }

  diff(runId: string): RunDiffFile[] {
    return this.stmts.diff.all(runId).map((r) => ({
      path: r.path,
      status: r.status,
      binary: r.binary === 1,
      baseText: r.base_text,
      resultText: r.result_text,
      patch: r.patch,
    }));
  }

  saveDecisions(runId: string, decisions: Omit<HunkDecision, 'at'>[], at: number): void {
    this.saveDecisionsTx(runId, decisions, at);
  }

  decisions(runId: string): HunkDecision[] {
    return this.stmts.decisions
      .all(runId)
      .map((r) => ({ path: r.path, hunkId: r.hunk_id, decision: r.decision, by: r.by_name, at: r.at }));
  }

  decisionCounts(runId: string): Record<HunkDecisionKind, number> {
    const counts = Object.fromEntries(HUNK_DECISIONS.map((d) => [d, 0])) as Record<HunkDecisionKind, number>;
    for (const r of this.stmts.decisionCounts.all(runId)) counts[r.decision] = r.n;
    return counts;
  }

  delete(runId: string): void {
    this.deleteTx(runId);
  }
}
