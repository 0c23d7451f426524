// Why: where a run's record, evidence, diff and review decisions live, behind one interface with
// one implementation per mode — SQLite in the embedded mode, a Redis log in cluster mode — so the
// run service does not know which one runs. Reads are synchronous and answer from this process's
// own copy (the gateway answers from it in the same tick); writes are applied in the order they
// are made, and are durable and visible to this process once `flush()` resolves. The listener
// hears every change as it reaches this process, whoever made it.
import type {
  EvidenceDraft,
  EvidenceEvent,
  HunkDecision,
  HunkDecisionKind,
  RunDiffFile,
  RunStatus,
} from '../../lib/protocol';
import type { RunFigures } from './runFigures';
import type { RunFence } from './runQueue';
import type { RunRecord } from './runStore';

export type LedgerListener = {
  /** The run's record or its review decisions changed (or it is new). */
  updated(runId: string): void;
  evidence(event: EvidenceEvent): void;
  removed(runId: string): void;
  /** Cluster mode: a run ended on some process (`by`), with its figures (runFigures.ts). */
  figures?(by: string, figures: RunFigures): void;
};

export interface RunLedger {
  get(id: string): RunRecord | null;
  /** The workspace's most recent runs, newest first. */
  list(workspace: string, limit: number): RunRecord[];
  withStatus(workspace: string, status: RunStatus): RunRecord[];
  /** Finished runs that still have a snapshot on disk and ended before `before`. */
  withSnapshotFinishedBefore(workspace: string, before: number): RunRecord[];
  diff(runId: string): RunDiffFile[];
  decisions(runId: string): HunkDecision[];
  decisionCounts(runId: string): Record<HunkDecisionKind, number>;
  lastSeq(runId: string): number;
  /** Evidence after `afterSeq`, in order, at most `limit` (then `more` is true). */
  replay(runId: string, afterSeq: number, limit: number): { events: EvidenceEvent[]; more: boolean };

  insert(run: RunRecord): void;
  save(run: RunRecord): void;
  saveDiff(runId: string, files: RunDiffFile[]): void;
  saveDecisions(runId: string, decisions: Omit<HunkDecision, 'at'>[], at: number): void;
  /** Adds the run's next evidence event (sequence numbers 1, 2, 3 … per run, no gaps). */
  append(runId: string, draft: EvidenceDraft): void;
  delete(runId: string): void;
  /**
   * From now on, writes for the run carry the fence and are refused (flush rejects) once this
   * process no longer holds the run; null: plain writes again.
   */
  hold(runId: string, fence: RunFence | null): void;
  /** Throws a ProtocolFailure when a write could not be made durable now (cluster mode: Redis unreachable). */
  assertWritable(): void;
  /** Resolves when every write made here so far is durable and in this process's copy. */
  flush(): Promise<void>;
  /** Resolves when this process's copy has every write made anywhere before the call. */
  sync(): Promise<void>;
  close(): Promise<void>;
}
