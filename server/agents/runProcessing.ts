// Why: what taking a run from the queue does, on a web node or on a worker alike: read its
// record, take its snapshot — or, for a run whose earlier process stopped (the queue gave it
// back: BullMQ's stalled check, or the embedded queue at the next start), count the restart and
// go back to the snapshot it had, so its diff keeps the same base — run it, and make its writes
// durable before the queue hears that it is done.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceDraft } from '../../lib/protocol';
import type { ModelProvider } from '../models/provider';
import { runApprovals, type ApprovalDesk } from './approvalDesk';
import type { LiveTextSource } from './liveTexts';
import type { RunLedger } from './runLedger';
import { RunStop, type RunFence } from './runQueue';
import type { RunRecord } from './runStore';
import { FigureCollector, type RunFigures } from './runFigures';
import { restartVerdict } from './runRestarts';
import { executeRun, type RunReport } from './runWorker';
import { killLeftoverCommands } from './sandbox/leftovers';
import { runCommand, type SandboxSettings } from './sandbox/commandRunner';
import type { RunSettings } from './settings';
import type { FetchedSnapshot } from './snapshotFetch';
import { restoreSnapshot } from './snapshot/restoreSnapshot';
import { createSnapshot, removeSnapshot, snapshotPaths, type Snapshot } from './snapshot/snapshot';

export type RunProcessingDeps = {
  ledger: RunLedger;
  liveTexts: LiveTextSource;
  workspaceRoot: string;
  provider: ModelProvider;
  settings: RunSettings;
  /** This process's runs folder and data folder (real paths). */
  runsDir: string;
  dataDir: string;
  sandbox: SandboxSettings & { note: string };
  /** Where this process's agent commands wait for a person's approval. */
  approvals: ApprovalDesk;
  report?: RunReport;
  /** Cluster mode: the run's figures go to the run log (every node counts them), not to `report`. */
  shareFigures?: (runId: string, figures: RunFigures) => void;
  /** Set on a worker that cannot see the workspace folder: snapshots come from a web node. */
  fetchSnapshot?: (runId: string, runDir: string, dataDir: string) => Promise<FetchedSnapshot>;
  /** Snapshots are taken one at a time: each sees a consistent workspace, and git's locks never collide. */
  serially<T>(fn: () => Promise<T>): Promise<T>;
};

const note = (text: string): EvidenceDraft => ({ kind: 'status', itemId: randomUUID(), phase: 'completed', text });

export async function processRun(
  runId: string,
  signal: AbortSignal,
  fence: RunFence | undefined,
  d: RunProcessingDeps,
): Promise<void> {
  d.ledger.hold(runId, fence ?? null);
  try {
    await processHeld(runId, signal, d);
  } finally {
    d.approvals.forgetRun(runId);
    d.ledger.hold(runId, null);
  }
}

async function processHeld(runId: string, signal: AbortSignal, d: RunProcessingDeps): Promise<void> {
  await d.ledger.sync();
  const run = d.ledger.get(runId);
  if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
  // Taken while still `running`: the process that ran it stopped, and the queue gave it back.
  const restart = run.status === 'running';
  const collector = d.shareFigures ? new FigureCollector(run.by) : null;
  if (restart && !(await countRestart(run, d))) return finished(run, collector, d);
  const { settings } = d;
  await executeRun(run, signal, {
    provider: d.provider,
    settings,
    runsDir: d.runsDir,
    sandbox: { sandboxed: d.sandbox.bwrap !== null, note: d.sandbox.note },
    approvals: runApprovals(d.approvals, run, d.sandbox.bwrap !== null, settings.approvalTimeoutMs, d.ledger),
    snapshot: (runDir) => d.serially(() => (restart ? retake(run, runDir, d) : take(run, runDir, d))),
    exec: (command, snapshot, s, onOutput) =>
      runCommand(command, d.sandbox, {
        snapshot: snapshot.dir,
        scratch: snapshotPaths(snapshot.runDir).scratch,
        // A worktree's git directory lives in the workspace's .git, which may sit in the hidden data folder.
        readOnly: snapshot.mode === 'worktree' ? [path.join(snapshot.workspaceRoot, '.git')] : [],
        timeoutMs: settings.commandTimeoutMs,
        outputCap: settings.outputCap,
        signal: s,
        onOutput,
      }),
    evidence: (id, draft) => d.ledger.append(id, draft),
    save: (r) => d.ledger.save(r),
    saveDiff: (id, files) => d.ledger.saveDiff(id, files),
    report: collector ?? d.report,
  });
  // Stopped for a shutdown, the run goes back to the queue as it is: nothing to wait for (and
  // waiting would hold the shutdown while Redis is away).
  const shutdown = signal.reason instanceof RunStop && signal.reason.kind === 'shutdown';
  if (shutdown) return;
  await finished(run, collector, d);
}

/**
 * Counts the restart on the run's record, durably before anything else happens (a crash from here
 * on counts), and says so in its evidence. False: it has restarted too often and now ends failed.
 */
async function countRestart(run: RunRecord, d: RunProcessingDeps): Promise<boolean> {
  const verdict = restartVerdict(run.state);
  if (verdict.kind === 'restart') {
    run.state.restarts = verdict.restarts;
    d.ledger.save(run);
    d.ledger.append(run.id, note(verdict.text));
    await d.ledger.flush();
    return true;
  }
  const killed = killLeftoverCommands([path.join(d.runsDir, run.id), ...(run.snapshot ? [run.snapshot.runDir] : [])]);
  if (killed) d.ledger.append(run.id, note(`Killed ${killed} command(s) left running by the attempt that died.`));
  d.ledger.append(run.id, {
    kind: 'error',
    itemId: randomUUID(),
    phase: 'completed',
    text: `Failed: ${verdict.reason}; it is not restarted again. Its evidence so far is kept.`,
  });
  run.status = 'failed';
  run.state.reason = verdict.reason;
  run.state.progress.last = null;
  run.finishedAt = Date.now();
  d.ledger.save(run);
  return false;
}

/** A run that ended here: its figures reported, its writes durable. */
async function finished(run: RunRecord, collector: FigureCollector | null, d: RunProcessingDeps): Promise<void> {
  if (run.finishedAt !== null) {
    const durationMs = run.startedAt === null ? null : run.finishedAt - run.startedAt;
    if (collector) d.shareFigures!(run.id, collector.result(run.status, durationMs));
    else d.report?.finished?.(run.status, durationMs, 'embedded');
  }
  await d.ledger.flush();
}

async function take(run: RunRecord, runDir: string, d: RunProcessingDeps): Promise<Snapshot> {
  if (d.fetchSnapshot) {
    const { snapshot, from } = await d.fetchSnapshot(run.id, runDir, d.dataDir);
    d.ledger.append(run.id, note(`Snapshot fetched from ${from} (this worker does not see the workspace folder).`));
    return snapshot;
  }
  return createSnapshot({
    workspaceRoot: d.workspaceRoot,
    runDir,
    dataDir: d.dataDir,
    liveTexts: await d.liveTexts.read(run.id),
  });
}

/** The snapshot of the attempt that died, back at its base; a new one when there is none left. */
async function retake(run: RunRecord, runDir: string, d: RunProcessingDeps): Promise<Snapshot> {
  const previous = run.snapshot;
  const folders = [...new Set([runDir, ...(previous ? [previous.runDir] : [])])];
  const killed = killLeftoverCommands(folders);
  if (killed) d.ledger.append(run.id, note(`Killed ${killed} command(s) left running by the attempt that died.`));
  if (previous) {
    try {
      await restoreSnapshot(previous);
      d.ledger.append(run.id, note('Snapshot: back to the base of the attempt that died; what it changed is undone.'));
      return previous;
    } catch (err) {
      d.ledger.append(
        run.id,
        note(`Could not go back to the earlier snapshot (${(err as Error).message}): taking a new one.`),
      );
    }
  }
  for (const dir of folders) if (fs.existsSync(dir)) await removeSnapshot(dir, d.workspaceRoot);
  return take(run, runDir, d);
}
