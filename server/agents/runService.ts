// Why: the background lane's one entry point — the gateway (and the fast-lane handoff) start,
// cancel, list, replay, discard runs and record decisions on their hunks here; a worker process
// uses it only to take runs. It composes the backend (queue and ledger: embedded or Redis), the
// sandbox and the processing of a run, and on start it makes the queue's durability promises true.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  isFinished,
  MAX_REPLAY_EVENTS,
  ProtocolFailure,
  type ApprovalDecision,
  type EvidenceEvent,
  type HunkDecision,
  type RunDiffReply,
  type RunReplay,
  type RunStartRequest,
  type RunSummary,
} from '../../lib/protocol';
import type { ModelProvider } from '../models/provider';
import { SqliteTranscriptStore } from '../fastlane/sqliteTranscriptStore';
import type { TranscriptStore } from '../fastlane/transcriptStore';
import type { Db } from '../store/db';
import type { Workspace } from '../workspace/workspace';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { recordApproval } from './approvalDecision';
import { admitRun } from './runAdmission';
import { ApprovalDesk } from './approvalDesk';
import { embeddedRunBackend, type RunBackend, type RunBackendFactory } from './runBackend';
import type { RunLedger } from './runLedger';
import type { RunFence, RunQueue } from './runQueue';
import { processRun } from './runProcessing';
import { recoverRuns } from './runRecovery';
import { reviewText, summarizeRun } from './runRecord';
import type { RunRecord } from './runStore';
import { reportFigures } from './runFigures';
import type { RunReport } from './runWorker';
import type { SandboxSettings } from './sandbox/commandRunner';
import { runSandbox } from './sandbox/runSandbox';
import type { RunSettings } from './settings';
import { removeSnapshot, type LiveText } from './snapshot/snapshot';

export type RunEmit = {
  updated: (run: RunSummary) => void;
  evidence: (event: EvidenceEvent) => void;
  removed: (runId: string) => void;
};

export type RunServiceDeps = {
  db: Db;
  /** A worker without the folder passes its path as the web nodes see it (`resolve` then refuses). */
  workspace: Pick<Workspace, 'root' | 'resolve'>;
  docs: { openTexts(): Promise<LiveText[]> };
  provider: ModelProvider;
  dataDir: string;
  settings: RunSettings;
  emit: RunEmit;
  report?: RunReport;
  log: (m: string) => void;
  /** Where runs queue and live; the embedded SQLite queue and ledger unless given (REDIS_URL: Redis). */
  backend?: RunBackendFactory;
  /** The fast lane's transcript, for a handoff's evidence; this process's SQLite unless given (a cluster's). */
  transcripts?: Pick<TranscriptStore, 'recent'>;
};

const LISTED_RUNS = 100;

export class RunService {
  private readonly config: WorkspaceConfigFile;
  private readonly transcripts: Pick<TranscriptStore, 'recent'>;
  private readonly runsDir: string;
  private snapshotting: Promise<unknown> = Promise.resolve();
  private processing = 0;

  private constructor(
    private readonly deps: RunServiceDeps,
    private readonly backend: RunBackend,
    private readonly sandbox: SandboxSettings & { note: string },
    /** The data folder as a real path, read once at start. */
    private readonly dataDir: string,
    private readonly approvals: ApprovalDesk,
  ) {
    this.config = new WorkspaceConfigFile(deps.workspace.root);
    this.transcripts = deps.transcripts ?? new SqliteTranscriptStore(deps.db, deps.workspace.root);
    this.runsDir = path.join(this.dataDir, 'runs');
  }

  private get ledger(): RunLedger {
    return this.backend.ledger;
  }

  private get queue(): RunQueue {
    return this.backend.queue;
  }

  static async start(deps: RunServiceDeps): Promise<RunService> {
    fs.mkdirSync(deps.dataDir, { recursive: true });
    const dataDir = fs.realpathSync(deps.dataDir);
    const sandbox = await runSandbox(deps.settings.sandbox, dataDir, deps.settings.nice);
    const root = deps.workspace.root;
    // The ledger tells of changes as they reach this process; the service is there by then.
    let service: RunService | null = null;
    // Answers to approvals reach the process holding the run as evidence, whoever wrote them.
    const approvals = new ApprovalDesk();
    const backend = await (deps.backend ?? embeddedRunBackend)({
      db: deps.db,
      workspace: root,
      settings: deps.settings,
      docs: deps.docs,
      log: deps.log,
      listener: {
        updated: (runId) => service?.announce(runId),
        evidence: (event) => {
          approvals.seen(event);
          deps.emit.evidence(event);
        },
        removed: (runId) => deps.emit.removed(runId),
        figures: (by, figures) => deps.report && reportFigures(deps.report, by, figures),
      },
    });
    const started = new RunService(deps, backend, sandbox, dataDir, approvals);
    service = started;
    await recoverRuns({
      ledger: backend.ledger,
      queue: backend.queue,
      shared: backend.shared,
      workspace: root,
      runsDir: started.runsDir,
      settings: deps.settings,
      log: deps.log,
      process: (runId, signal, fence) => started.process(runId, signal, fence),
      finish: (run, reason) => started.finish(run, 'failed', reason),
    });
    return started;
  }

  async startRun(req: RunStartRequest & { context?: string }, by: string): Promise<RunSummary> {
    const runId = await admitRun(req, by, {
      ...this.deps,
      config: this.config,
      transcripts: this.transcripts,
      backend: this.backend,
      fail: (run, reason) => this.finish(run, 'failed', reason),
    });
    return this.summarize(this.require(runId));
  }

  async cancel(runId: string, by: string): Promise<RunSummary> {
    const run = this.require(runId);
    if (isFinished(run.status))
      throw new ProtocolFailure(
        'conflict',
        `run ${runId} has already ${run.status === 'cancelled' ? 'been cancelled' : 'finished'}`,
      );
    this.ledger.assertWritable();
    const where = await this.queue.cancel(runId, `cancelled by ${by}`);
    if (where !== 'running') {
      this.ledger.append(runId, {
        kind: 'status',
        itemId: randomUUID(),
        phase: 'completed',
        text: `Cancelled by ${by} before it started.`,
      });
      this.finish(run, 'cancelled', `cancelled by ${by}`);
      await this.ledger.flush();
    }
    return this.summarize(this.require(runId));
  }

  /** A person's answer to a command the run asks about (approvalDecision.ts). */
  async decideApproval(runId: string, approvalId: string, decision: ApprovalDecision, by: string): Promise<RunSummary> {
    recordApproval(this.ledger, this.require(runId), approvalId, decision, by);
    await this.ledger.flush();
    return this.summarize(this.require(runId));
  }

  summary(runId: string): RunSummary {
    return this.summarize(this.require(runId));
  }

  list(): RunSummary[] {
    return this.ledger.list(this.deps.workspace.root, LISTED_RUNS).map((r) => this.summarize(r));
  }

  /** Events after `afterSeq`. The caller has already subscribed to live events: none is missed. */
  replay(runId: string, afterSeq: number): RunReplay {
    const run = this.require(runId);
    return { run: this.summarize(run), ...this.ledger.replay(runId, afterSeq, MAX_REPLAY_EVENTS) };
  }

  diff(runId: string): RunDiffReply {
    this.require(runId);
    const files = this.ledger.diff(runId);
    return { files, patch: files.map((f) => f.patch).join(''), decisions: this.ledger.decisions(runId) };
  }

  recordHunkDecisions(runId: string, decisions: Omit<HunkDecision, 'by' | 'at'>[], by: string): RunSummary {
    const run = this.require(runId);
    if (!isFinished(run.status))
      throw new ProtocolFailure('conflict', `run ${runId} is still ${run.status}: review it when it has finished`);
    const paths = new Set(this.ledger.diff(runId).map((f) => f.path));
    const unknown = decisions.find((d) => !paths.has(d.path));
    if (unknown) throw new ProtocolFailure('not_found', `run ${runId} did not change ${unknown.path}`);
    this.ledger.assertWritable();
    this.ledger.append(runId, {
      kind: 'status',
      itemId: randomUUID(),
      phase: 'completed',
      text: reviewText(decisions, by),
    });
    // Announces the run with its new counts.
    this.ledger.saveDecisions(
      runId,
      decisions.map((d) => ({ ...d, by })),
      Date.now(),
    );
    return this.summarize(run);
  }

  async discard(runId: string): Promise<void> {
    const run = this.require(runId);
    if (!isFinished(run.status))
      throw new ProtocolFailure('conflict', `run ${runId} is ${run.status}: cancel it before discarding it`);
    this.ledger.assertWritable();
    if (run.snapshot) await removeSnapshot(run.snapshot.runDir, run.workspace);
    this.ledger.delete(runId);
    await this.ledger.flush();
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.ledger.close();
    await this.backend.close();
  }

  /** Runs this process is running now. */
  runningHere(): number {
    return this.processing;
  }

  /** Runs of the workspace running now, whichever process runs them. */
  runningCount(): number {
    return this.ledger.withStatus(this.deps.workspace.root, 'running').length;
  }

  private process(runId: string, signal: AbortSignal, fence?: RunFence): Promise<void> {
    const { settings, workspace, provider, report } = this.deps;
    this.processing++;
    return processRun(runId, signal, fence, {
      ledger: this.ledger,
      liveTexts: this.backend.liveTexts,
      workspaceRoot: workspace.root,
      provider,
      settings,
      runsDir: this.runsDir,
      dataDir: this.dataDir,
      sandbox: this.sandbox,
      approvals: this.approvals,
      report,
      shareFigures: this.backend.shareFigures,
      fetchSnapshot: this.backend.fetchSnapshot,
      serially: (fn) => this.serially(fn),
    }).finally(() => this.processing--);
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
    this.ledger.save(run);
  }

  /** Tells this process's people of a change to a run (the ledger calls it, whoever made the change). */
  private announce(runId: string): void {
    const run = this.ledger.get(runId);
    if (run && run.workspace === this.deps.workspace.root) this.deps.emit.updated(this.summarize(run));
  }

  private require(runId: string): RunRecord {
    const run = this.ledger.get(runId);
    if (!run || run.workspace !== this.deps.workspace.root)
      throw new ProtocolFailure('not_found', `there is no run ${runId} in this workspace`);
    return run;
  }

  private summarize(r: RunRecord): RunSummary {
    return summarizeRun(r, this.ledger.lastSeq(r.id), this.ledger.decisionCounts(r.id));
  }
}
