// Why: both run ledgers answer reads from this process's SQLite tables (the embedded one because
// they are the truth, the Redis one because it keeps a copy of the shared log there): the reads
// are the same, so they live once, over a run store and an evidence log.
import type { RunStatus } from '../../lib/protocol';
import type { EvidenceLog } from './evidenceLog';
import type { RunStore } from './runStore';

export abstract class LocalRunReads {
  protected constructor(
    protected readonly store: RunStore,
    protected readonly evidence: EvidenceLog,
  ) {}

  get = (id: string) => this.store.get(id);
  list = (workspace: string, limit: number) => this.store.list(workspace, limit);
  withStatus = (workspace: string, status: RunStatus) => this.store.withStatus(workspace, status);
  withSnapshotFinishedBefore = (workspace: string, before: number) =>
    this.store.withSnapshotFinishedBefore(workspace, before);
  diff = (runId: string) => this.store.diff(runId);
  decisions = (runId: string) => this.store.decisions(runId);
  decisionCounts = (runId: string) => this.store.decisionCounts(runId);
  lastSeq = (runId: string) => this.evidence.lastSeq(runId);
  replay = (runId: string, afterSeq: number, limit: number) => this.evidence.replay(runId, afterSeq, limit);
}
