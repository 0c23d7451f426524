// Why: the embedded mode's run ledger — the run store and the evidence log on this process's
// SQLite file, where a write is durable when the statement returns (so flush and sync have
// nothing to wait for), and the listener hears it at once.
import type { EvidenceDraft, HunkDecision, RunDiffFile } from '../../lib/protocol';
import type { Db } from '../store/db';
import { EvidenceLog } from './evidenceLog';
import { LocalRunReads } from './localRunReads';
import type { LedgerListener, RunLedger } from './runLedger';
import { RunStore, type RunRecord } from './runStore';

export class SqliteRunLedger extends LocalRunReads implements RunLedger {
  constructor(
    db: Db,
    private readonly listener: LedgerListener,
  ) {
    super(new RunStore(db), new EvidenceLog(db, (event) => listener.evidence(event)));
  }

  insert(run: RunRecord): void {
    this.store.insert(run);
    this.listener.updated(run.id);
  }

  save(run: RunRecord): void {
    this.store.save(run);
    this.listener.updated(run.id);
  }

  saveDiff(runId: string, files: RunDiffFile[]): void {
    this.store.saveDiff(runId, files);
  }

  saveDecisions(runId: string, decisions: Omit<HunkDecision, 'at'>[], at: number): void {
    this.store.saveDecisions(runId, decisions, at);
    this.listener.updated(runId);
  }

  append(runId: string, draft: EvidenceDraft): void {
    this.evidence.append(runId, draft);
  }

  delete(runId: string): void {
    this.store.delete(runId);
    this.evidence.forget(runId);
    this.listener.removed(runId);
  }

  /** One process: nobody else can take its runs. */
  hold(): void {}
  assertWritable(): void {}
  async flush(): Promise<void> {}
  async sync(): Promise<void> {}
  async close(): Promise<void> {}
}
