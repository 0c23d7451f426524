// Why: a process's copy of the cluster's run log lives in its SQLite run tables. This is what
// happens to that copy, apart from Redis (redisRunLedger.ts does the reading and writing): an
// entry of the log applied to it; and, since the log is trimmed (runLogCompaction.ts), the
// snapshot that keeps what was cut — each run's whole state (record, evidence, diff, review
// decisions) at one entry — read out of a copy, or put in place of a copy's runs (a node that
// starts late, or that was behind the trim, then reads on from the entry the snapshot covers).
import type { EvidenceEvent, HunkDecision, RunDiffFile } from '../../lib/protocol';
import type { EvidenceLog } from './evidenceLog';
import { compareIds, evidenceEvent, type FeedChange } from './runFeed';
import type { Capture } from './runLogCompaction';
import type { LedgerListener } from './runLedger';
import type { RunRecord, RunStore } from './runStore';

export type SnapshotRun = { run: RunRecord; events: EvidenceEvent[]; diff: RunDiffFile[]; decisions: HunkDecision[] };

const ALL = Number.MAX_SAFE_INTEGER;

/** The run's whole state in this copy; null when the copy no longer has it (deleted). */
export function readRun(store: RunStore, evidence: EvidenceLog, runId: string): SnapshotRun | null {
  const run = store.get(runId);
  if (!run) return null;
  return {
    run,
    events: evidence.replay(runId, 0, ALL).events,
    diff: store.diff(runId),
    decisions: store.decisions(runId),
  };
}

/**
 * The copy now (call it where nothing is applied meanwhile), with the runs changed after `since`
 * — or, for the first snapshot (`since` null), every run it has: a copy made before the log was
 * compacted has no record of which entry last changed its older runs.
 */
export function captureCopy(
  store: RunStore,
  evidence: EvidenceLog,
  workspace: string,
  touched: { run_id: string; last_id: string }[],
  since: string | null,
  at: string,
): Capture {
  const live = new Set(store.ids(workspace));
  const ids = since ? touched.filter((t) => compareIds(t.last_id, since) > 0).map((t) => t.run_id) : [...live];
  const changed = new Map<string, SnapshotRun | null>(ids.map((id) => [id, readRun(store, evidence, id)]));
  return { at, live, changed };
}

/** The snapshot hash as read from Redis; a field that does not hold a run is a clear error. */
export function parseSnapshot(fields: Record<string, string>): { at: string; runs: Map<string, SnapshotRun> } {
  const at = fields['@at'];
  if (!at) throw new Error('the run log was trimmed but its snapshot is missing');
  const runs = new Map<string, SnapshotRun>();
  for (const [id, json] of Object.entries(fields)) {
    if (id === '@at') continue;
    const parsed = JSON.parse(json) as SnapshotRun;
    if (parsed?.run?.id !== id || !Array.isArray(parsed.events) || !Array.isArray(parsed.diff))
      throw new Error(`the run log's snapshot holds no valid state for run ${id}`);
    runs.set(id, parsed);
  }
  return { at, runs };
}

/** Applies one entry of the log; returns what to announce once the batch is stored. */
export function applyChange(
  store: RunStore,
  evidence: EvidenceLog,
  listener: LedgerListener,
  change: FeedChange,
  seq: number,
): () => void {
  switch (change.kind) {
    case 'run':
      store.upsert(change.run);
      return () => listener.updated(change.run.id);
    case 'evidence': {
      const event = evidenceEvent(change, seq);
      return evidence.record(event) ? () => listener.evidence(event) : () => undefined;
    }
    case 'diff':
      store.saveDiff(change.runId, change.files);
      return () => undefined;
    case 'decisions':
      store.saveDecisions(change.runId, change.decisions, change.at);
      return () => listener.updated(change.runId);
    case 'delete':
      store.delete(change.runId);
      evidence.forget(change.runId);
      return () => listener.removed(change.runId);
    case 'figures':
      return () => listener.figures?.(change.by, change.figures);
  }
}

/**
 * Makes the copy's runs of the workspace exactly the snapshot's (call it inside a transaction).
 * Returns the announcements to make afterwards: runs removed, runs updated, and the evidence the
 * copy did not have yet (a person watching a run misses nothing).
 */
export function replaceRuns(
  store: RunStore,
  evidence: EvidenceLog,
  workspace: string,
  runs: Map<string, SnapshotRun>,
  listener: LedgerListener,
): (() => void)[] {
  const announce: (() => void)[] = [];
  for (const id of store.ids(workspace)) {
    if (runs.has(id)) continue;
    store.delete(id);
    evidence.forget(id);
    announce.push(() => listener.removed(id));
  }
  for (const [id, s] of runs) {
    const before = evidence.lastSeq(id);
    store.delete(id);
    evidence.forget(id);
    store.insert(s.run);
    for (const e of s.events) evidence.record(e);
    store.saveDiff(id, s.diff);
    for (const d of s.decisions) store.saveDecisions(id, [d], d.at);
    const fresh = s.events.filter((e) => e.seq > before);
    announce.push(() => {
      listener.updated(id);
      for (const e of fresh) listener.evidence(e);
    });
  }
  return announce;
}
