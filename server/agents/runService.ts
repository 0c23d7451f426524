// Why: the background lane's one entry point — the gateway (and the fast-lane handoff) start,
// cancel, list, replay, discard runs and record decisions on their hunks here. It composes the
// queue, the worker, the sandbox, snapshots and the evidence log, and on start it makes the
// queue's durability promises true: queued runs stay queued, runs that were running are marked
// interrupted, old snapshots go.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  isFinished,
  MAX_REPLAY_EVENTS,
  ProtocolFailure,
  type EvidenceEvent,
  type HunkDecision,
  type RunDiffReply,
  type RunReplay,
  type RunStartRequest,
  type RunSummary,
} from '../../lib/protocol';
import type { ModelProvider } from '../models/provider';
import { TranscriptStore } from '../fastlane/transcriptStore';
import type { Db } from '../store/db';
import type { Workspace } from '../workspace/workspace';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { EvidenceLog } from './evidenceLog';
import { buildHandoffEvidence } from './handoffEvidence';
import { pruneSnapshots } from './retention';
import type { RunQueue } from './runQueue';
import { newRunRecord, queuedText, summarizeRun } from './runRecord';
import { RunStore, type RunRecord } from './runStore';
import { executeRun, type RunReport } from './runWorker';
import { killLeftoverCommands } from './sandbox/leftovers';
import { runCommand, type SandboxSettings } from './sandbox/commandRunner';
import { runSandbox } from './sandbox/runSandbox';
import type { RunSettings } from './settings';
import { createSnapshot, removeSnapshot, snapshotPaths, type LiveText } from './snapshot/snapshot';
import { SqliteRunQueue } from './sqliteRunQueue';
import { resolveValidation } from './validation';

export type RunEmit = {
  updated: (run: RunSummary) => void;
  evidence: (event: EvidenceEvent) => void;
  removed: (runId: string) => void;
};

export type RunServiceDeps = {
  db: Db;
  workspace: Workspace;
  docs: { openTexts(): Promise<LiveText[]> };
  provider: ModelProvider;
  dataDir: string;
  settings: RunSettings;
  emit: RunEmit;
  report?: RunReport;
  log: (m: string) => void;
};

const LISTED_RUNS = 100;

export class RunService {
  private readonly store: RunStore;
  private readonly evidence: EvidenceLog;
  private readonly config: WorkspaceConfigFile;
  private readonly transcripts: TranscriptStore;
  private readonly runsDir: string;
  private snapshotting: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly deps: RunServiceDeps,
    private readonly queue: RunQueue,
    private readonly sandbox: SandboxSettings & { note: string },
    /** The data folder as a real path, read once at start. */
    private readonly dataDir: string,
  ) {
    this.store = new RunStore(deps.db);
    this.evidence = new EvidenceLog(deps.db, deps.emit.evidence);
    this.config = new WorkspaceConfigFile(deps.workspace.root);
    this.transcripts = new TranscriptStore(deps.db, deps.workspace.root);
    this.runsDir = path.join(this.dataDir, 'runs');
  }

  static async start(deps: RunServiceDeps): Promise<RunService> {
    fs.mkdirSync(deps.dataDir, { recursive: true });
    const dataDir = fs.realpathSync(deps.dataDir);
    const sandbox = await runSandbox(deps.settings.sandbox, dataDir);
    const root = deps.workspace.root;
    const service = new RunService(
      deps,
      new SqliteRunQueue(deps.db, root, deps.settings.concurrency, deps.log),
      sandbox,
      dataDir,
    );
    await pruneSnapshots({
      store: service.store,
      workspace: root,
      runsDir: service.runsDir,
      keepMs: deps.settings.keepSnapshotsMs,
      now: Date.now(),
      log: deps.log,
    });
    const waiting = new Set(await service.queue.waiting());
    for (const run of service.store.withStatus(root, 'queued'))
      if (!waiting.has(run.id)) await service.queue.enqueue(run.id);
    const wasRunning = service.store.withStatus(root, 'running').map((r) => r.id);
    const { interrupted } = await service.queue.start((runId, signal) => service.process(runId, signal));
    const stale = new Set([...interrupted, ...wasRunning]);
    const killed = killLeftoverCommands([...stale].map((id) => path.join(service.runsDir, id)));
    if (killed) deps.log(`killed ${killed} command(s) left running by interrupted runs`);
    for (const id of stale) {
      const run = service.store.get(id);
      if (!run || isFinished(run.status)) continue;
      service.evidence.append(id, {
        kind: 'error',
        itemId: randomUUID(),
        phase: 'completed',
        text:
          'Interrupted: Tandem stopped while this run was running (a restart or a crash). ' +
          'Its evidence so far is kept.',
      });
      service.finish(run, 'failed', 'interrupted by restart');
    }
    if (stale.size) deps.log(`${stale.size} run(s) were interrupted by the restart`);
    return service;
  }

  async startRun(req: RunStartRequest & { context?: string }, by: string): Promise<RunSummary> {
    const { workspace } = this.deps;
    const files = [...new Set([...(req.path ? [req.path] : []), ...(req.files ?? [])])];
    for (const f of files) workspace.resolve(f);
    if (req.range && !req.path) throw new ProtocolFailure('bad_request', 'a range needs the path of its file');
    this.deps.report?.admit();
    const validation = resolveValidation(req.validation, workspace.root, this.config);
    // The figures come from the server's own transcript, not from the browser.
    const handoffEvidence = req.handoff
      ? buildHandoffEvidence(req.handoff, this.transcripts.recent(req.handoff.path), by)
      : null;
    const run = newRunRecord({
      root: workspace.root,
      instruction: req.instruction,
      request: {
        files,
        path: req.path ?? null,
        range: req.range ?? null,
        context: req.context ?? null,
        handoff: req.handoff ?? null,
        handoffEvidence,
      },
      validation,
      by,
      settings: this.deps.settings,
      model: this.deps.provider.info,
    });
    this.store.insert(run);
    if (handoffEvidence)
      this.evidence.append(run.id, {
        kind: 'handoff',
        itemId: randomUUID(),
        phase: 'completed',
        handoff: handoffEvidence,
      });
    this.evidence.append(run.id, {
      kind: 'status',
      itemId: randomUUID(),
      phase: 'completed',
      text: queuedText(run),
    });
    this.deps.emit.updated(this.summarize(run));
    await this.queue.enqueue(run.id);
    return this.summarize(this.require(run.id));
  }

  async cancel(runId: string, by: string): Promise<RunSummary> {
    const run = this.require(runId);
    if (isFinished(run.status))
      throw new ProtocolFailure(
        'conflict',
        `run ${runId} has already ${run.status === 'cancelled' ? 'been cancelled' : 'finished'}`,
      );
    const where = await this.queue.cancel(runId, `cancelled by ${by}`);
    if (where !== 'running') {
      this.evidence.append(runId, {
        kind: 'status',
        itemId: randomUUID(),
        phase: 'completed',
        text: `Cancelled by ${by} before it started.`,
      });
      this.finish(run, 'cancelled', `cancelled by ${by}`);
    }
    return this.summarize(this.require(runId));
  }

  summary(runId: string): RunSummary {
    return this.summarize(this.require(runId));
  }

  list(): RunSummary[] {
    return this.store.list(this.deps.workspace.root, LISTED_RUNS).map((r) => this.summarize(r));
  }

  /** Events after `afterSeq`. The caller has already subscribed to live events: none is missed. */
  replay(runId: string, afterSeq: number): RunReplay {
    const run = this.require(runId);
    return { run: this.summarize(run), ...this.evidence.replay(runId, afterSeq, MAX_REPLAY_EVENTS) };
  }

  diff(runId: string): RunDiffReply {
    this.require(runId);
    const files = this.store.diff(runId);
    return { files, patch: files.map((f) => f.patch).join(''), decisions: this.store.decisions(runId) };
  }

  recordHunkDecisions(runId: string, decisions: Omit<HunkDecision, 'by' | 'at'>[], by: string): RunSummary {
    const run = this.require(runId);
    if (!isFinished(run.status))
      throw new ProtocolFailure('conflict', `run ${runId} is still ${run.status}: review it when it has finished`);
    const paths = new Set(this.store.diff(runId).map((f) => f.path));
    const unknown = decisions.find((d) => !paths.has(d.path));
    if (unknown) throw new ProtocolFailure('not_found', `run ${runId} did not change ${unknown.path}`);
    this.store.saveDecisions(
      runId,
      decisions.map((d) => ({ ...d, by })),
      Date.now(),
    );
    const count = (k: string) => decisions.filter((d) => d.decision === k).length;
    const parts = (['applied', 'rejected', 'conflict', 'accepted'] as const)
      .filter((k) => count(k) > 0)
      .map((k) => `${count(k)} ${k}`);
    this.evidence.append(runId, {
      kind: 'status',
      itemId: randomUUID(),
      phase: 'completed',
      text: `Review by ${by}: ${parts.join(', ')} hunk(s).`,
    });
    const summary = this.summarize(run);
    this.deps.emit.updated(summary);
    return summary;
  }

  async discard(runId: string): Promise<void> {
    const run = this.require(runId);
    if (!isFinished(run.status))
      throw new ProtocolFailure('conflict', `run ${runId} is ${run.status}: cancel it before discarding it`);
    if (run.snapshot) await removeSnapshot(run.snapshot.runDir, run.workspace);
    this.store.delete(runId);
    this.evidence.forget(runId);
    this.deps.emit.removed(runId);
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private async process(runId: string, signal: AbortSignal): Promise<void> {
    const run = this.store.get(runId);
    if (!run || run.status !== 'queued') return;
    const { settings, workspace, docs, provider } = this.deps;
    await executeRun(run, signal, {
      provider,
      settings,
      runsDir: this.runsDir,
      sandbox: { sandboxed: this.sandbox.bwrap !== null, note: this.sandbox.note },
      snapshot: (runDir) =>
        this.serially(async () =>
          createSnapshot({
            workspaceRoot: workspace.root,
            runDir,
            dataDir: this.dataDir,
            liveTexts: await docs.openTexts(),
          }),
        ),
      exec: (command, snapshot, s, onOutput) =>
        runCommand(command, this.sandbox, {
          snapshot: snapshot.dir,
          scratch: snapshotPaths(snapshot.runDir).scratch,
          // A worktree's git directory lives in the workspace's .git, which may sit in the hidden data folder.
          readOnly: snapshot.mode === 'worktree' ? [path.join(snapshot.workspaceRoot, '.git')] : [],
          timeoutMs: settings.commandTimeoutMs,
          outputCap: settings.outputCap,
          signal: s,
          onOutput,
        }),
      evidence: (id, draft) => this.evidence.append(id, draft),
      save: (r) => {
        this.store.save(r);
        this.deps.emit.updated(this.summarize(r));
      },
      saveDiff: (id, files) => this.store.saveDiff(id, files),
      report: this.deps.report,
    });
  }

  /** Snapshots are taken one at a time: each sees a consistent workspace, and git's locks never collide. */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.snapshotting.then(fn, fn);
    this.snapshotting = next.catch(() => undefined);
    return next;
  }

  private finish(run: RunRecord, status: 'failed' | 'cancelled', reason: string): void {
    run.status = status;
    run.state.reason = reason;
    run.finishedAt = Date.now();
    this.store.save(run);
    this.deps.emit.updated(this.summarize(run));
  }

  private require(runId: string): RunRecord {
    const run = this.store.get(runId);
    if (!run || run.workspace !== this.deps.workspace.root)
      throw new ProtocolFailure('not_found', `there is no run ${runId} in this workspace`);
    return run;
  }

  private summarize(r: RunRecord): RunSummary {
    return summarizeRun(r, this.evidence.lastSeq(r.id), this.store.decisionCounts(r.id));
  }
}
