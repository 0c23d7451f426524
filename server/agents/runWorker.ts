// Why: one run from start to end — snapshot, agent loop, validation, diff, verdict — with each
// phase in the evidence log and the run's record kept current. The verdict is plain: succeeded
// only if the validation passed (or there was none, and it says so), failed with the reason,
// cancelled when cancelled; a shutdown leaves the run as it was, for the next start to report.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceDraft, RunStatus } from '../../lib/protocol';
import { describeTokens, type TokenCount } from '../metrics/tokenCount';
import type { ModelProvider } from '../models/provider';
import { EVIDENCE_CAP, runAgentLoop, type AgentLoopDeps, type LoopTimings } from './agentLoop';
import { commandNotRunYet } from './commandFacts';
import { LiveOutput } from './liveOutput';
import { buildRunMessages } from './prompt';
import { RunStop } from './runQueue';
import type { RunRecord } from './runStore';
import type { CommandOutcome } from './sandbox/commandRunner';
import { truncateMiddle } from './sandbox/outputCapture';
import type { RunSettings } from './settings';
import { computeRunDiff, diffStat } from './snapshot/runDiff';
import type { Snapshot } from './snapshot/snapshot';

export type RunWorkerDeps = {
  provider: ModelProvider;
  settings: RunSettings;
  runsDir: string;
  /** Takes the snapshot (serialised across runs by the caller). */
  snapshot(runDir: string): Promise<Snapshot>;
  exec(
    command: string,
    snapshot: Snapshot,
    signal: AbortSignal,
    onOutput: (chunk: string) => void,
  ): Promise<CommandOutcome>;
  sandbox: { sandboxed: boolean; note: string };
  /** The run's approval policy: a line for its evidence, and the check before each agent command. */
  approvals?: { note: string; check: NonNullable<AgentLoopDeps['approve']> };
  evidence(runId: string, draft: EvidenceDraft): void;
  /** Persists the record and tells everyone. */
  save(run: RunRecord): void;
  saveDiff: (runId: string, diff: Awaited<ReturnType<typeof computeRunDiff>>['files']) => void;
  report?: RunReport;
};

/** Where a run's figures go (the metrics hub: the strong lane's budget, latencies and token use). */
export type RunReport = {
  /** Throws when a new run may not start (e.g. the strong lane's daily budget is used up). */
  admit(): void;
  figures(values: { ttftMs?: number; toolCallMs?: number; queueWaitMs?: number }): void;
  usage(person: string, tokens: TokenCount): void;
  /** A run ended (not for a shutdown): its outcome, start → end, and the process that ran it. */
  finished?(outcome: RunStatus, durationMs: number | null, processedBy: string): void;
};

const note = (text: string): EvidenceDraft => ({ kind: 'status', itemId: randomUUID(), phase: 'completed', text });
type Verdict = { status: RunStatus; reason: string | null };

export async function executeRun(run: RunRecord, signal: AbortSignal, deps: RunWorkerDeps): Promise<void> {
  const deadline = AbortSignal.timeout(deps.settings.maxRunMs);
  const runSignal = AbortSignal.any([signal, deadline]);
  const evidence = (d: EvidenceDraft) => deps.evidence(run.id, d);
  /** Why the run was stopped: null for a shutdown (the run is left as it is), else its verdict. */
  const stopVerdict = (): Verdict | null => {
    const stop = signal.reason instanceof RunStop ? signal.reason : null;
    if (stop?.kind === 'shutdown') return null;
    if (signal.aborted) {
      evidence(note(`Cancelled: ${stop?.message ?? 'cancelled'}.`));
      return { status: 'cancelled', reason: stop?.message ?? 'cancelled' };
    }
    const seconds = Math.round(deps.settings.maxRunMs / 1000);
    const reason = `stopped after ${seconds} s: the run time limit (TANDEM_RUN_MAX_MS)`;
    evidence({ kind: 'error', itemId: randomUUID(), phase: 'completed', text: capitalise(reason) });
    return { status: 'failed', reason };
  };
  const finish = (v: Verdict) => {
    run.status = v.status;
    run.state.reason = v.reason;
    run.finishedAt = Date.now();
    run.state.progress.last = null;
    deps.save(run);
  };

  run.status = 'running';
  run.startedAt = Date.now();
  run.state.sandbox = deps.sandbox;
  deps.save(run);
  deps.report?.figures({ queueWaitMs: run.startedAt - run.createdAt });
  evidence(
    note(
      `Started with ${run.state.model.model}${run.state.model.simulated ? ' (simulated)' : ''}. ${deps.sandbox.note}.` +
        (deps.approvals ? ` ${deps.approvals.note}` : ''),
    ),
  );

  const runDir = path.join(deps.runsDir, run.id);
  let snapshot: Snapshot;
  try {
    snapshot = await deps.snapshot(runDir);
  } catch (err) {
    evidence({
      kind: 'error',
      itemId: randomUUID(),
      phase: 'completed',
      text: `Could not take a snapshot: ${(err as Error).message}`,
    });
    return finish({
      status: 'failed',
      reason: `could not take a snapshot of the workspace: ${(err as Error).message}`,
    });
  }
  run.snapshot = snapshot;
  run.state.isolation = snapshot.mode;
  deps.save(run);
  const unsaved = snapshot.overlaid.length ? `, with the unsaved text of ${snapshot.overlaid.join(', ')}` : '';
  const tree = `base tree ${snapshot.baseTree.slice(0, 10)}${unsaved}`;
  evidence(note(`Snapshot: ${snapshot.mode === 'worktree' ? 'git worktree' : 'copy'} at ${snapshot.dir} (${tree}).`));

  let verdict: Verdict | null = null;
  if (!runSignal.aborted) {
    const outcome = await runAgentLoop({
      provider: deps.provider,
      messages: buildRunMessages({
        instruction: run.instruction,
        files: run.request.files,
        selection: selectionOf(run, snapshot.dir),
        validation: run.validation,
        context: run.request.context,
        handoff: run.request.handoffEvidence ?? null,
        maxSteps: deps.settings.maxSteps,
      }),
      root: snapshot.dir,
      maxSteps: deps.settings.maxSteps,
      maxTokens: deps.settings.maxTokens,
      signal: runSignal,
      exec: (command, s, onOutput) => deps.exec(command, snapshot, s, onOutput),
      approve: deps.approvals?.check,
      evidence,
      report: deps.report && {
        turn: (t) => {
          deps.report!.figures({ ttftMs: t.ttftMs ?? undefined });
          deps.report!.usage(run.by, t);
        },
        toolCall: (ms) => deps.report!.figures({ toolCallMs: ms }),
      },
      progress: (p) => {
        Object.assign(run.state.progress, Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)));
        deps.save(run);
      },
    });
    evidence(note(describeTimings(outcome.timings)));
    if (outcome.kind === 'finished') {
      run.state.summary = outcome.summary;
      verdict = await validate(run, snapshot, runSignal, deps, evidence);
    } else if (outcome.kind === 'limit' || outcome.kind === 'model-error') {
      evidence({ kind: 'error', itemId: randomUUID(), phase: 'completed', text: capitalise(outcome.reason) });
      verdict = { status: 'failed', reason: outcome.reason };
    }
  }
  if (verdict === null) {
    verdict = stopVerdict();
    if (verdict === null) return;
  }
  try {
    const diff = await computeRunDiff(snapshot);
    deps.saveDiff(run.id, diff.files);
    run.state.diffStat = diffStat(diff.files);
    // The snapshot's own folder: a restarted run may work in the one its earlier worker made.
    fs.writeFileSync(path.join(snapshot.runDir, 'run.patch'), diff.patch);
    const { added, removed } = run.state.diffStat;
    const files = diff.files.map((f) => f.path).join(', ');
    evidence(
      note(
        diff.files.length
          ? `Diff: ${diff.files.length} file(s), +${added} −${removed}: ${files}.`
          : 'Diff: no changes.',
      ),
    );
  } catch (err) {
    evidence({
      kind: 'error',
      itemId: randomUUID(),
      phase: 'completed',
      text: `Could not compute the diff: ${(err as Error).message}`,
    });
    if (verdict.status === 'succeeded')
      verdict = { status: 'failed', reason: `could not compute the diff: ${(err as Error).message}` };
  }
  finish(verdict);
}

/** Runs the validation command; null when the run was stopped while it ran. */
async function validate(
  run: RunRecord,
  snapshot: Snapshot,
  signal: AbortSignal,
  deps: RunWorkerDeps,
  evidence: (d: EvidenceDraft) => void,
): Promise<Verdict | null> {
  const command = run.validation.command;
  const itemId = randomUUID();
  if (command === null) {
    evidence({
      kind: 'validation',
      itemId,
      phase: 'completed',
      ...commandNotRunYet(null, deps.sandbox.sandboxed),
      passed: null,
      output: 'No validation command: this run is not validated.',
    });
    return {
      status: 'succeeded',
      reason: 'not validated: no validation command (request, tandem.json or package.json)',
    };
  }
  const base = { ...commandNotRunYet(command, deps.sandbox.sandboxed), passed: null };
  evidence({ kind: 'validation', itemId, phase: 'started', output: '', ...base });
  const live = new LiveOutput(
    (chunk) => evidence({ kind: 'validation', itemId, phase: 'progress', output: chunk, ...base }),
    EVIDENCE_CAP,
  );
  const o = await deps.exec(command, snapshot, signal, (chunk) => live.push(chunk));
  live.close();
  if (o.cancelled) return null;
  const passed = o.exitCode === 0;
  const shown = truncateMiddle(o.output, EVIDENCE_CAP);
  evidence({
    kind: 'validation',
    itemId,
    phase: 'completed',
    ...base,
    output: shown.text,
    truncated: shown.truncated || o.truncated,
    exitCode: o.exitCode,
    durationMs: o.durationMs,
    timedOut: o.timedOut,
    passed,
  });
  run.state.validationResult = { passed, exitCode: o.exitCode, durationMs: o.durationMs };
  if (passed) return { status: 'succeeded', reason: `validated: \`${command}\` passed` };
  const how = o.timedOut
    ? `ran longer than ${deps.settings.commandTimeoutMs} ms and was killed`
    : `exited with code ${o.exitCode ?? o.signal}`;
  return { status: 'failed', reason: `validation failed: \`${command}\` ${how}` };
}

/** The selected lines of the active file, as the snapshot has them. */
function selectionOf(run: RunRecord, dir: string) {
  const { path: file, range } = run.request;
  if (!file || !range) return null;
  try {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n').split('\n');
    return {
      path: file,
      startLine: range.startLine,
      endLine: range.endLine,
      text: lines.slice(range.startLine - 1, range.endLine).join('\n'),
    };
  } catch {
    return null;
  }
}

function describeTimings(t: LoopTimings): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const tools = `${t.toolCalls} tool call(s) in ${s(t.toolMs)}`;
  const tokens = describeTokens(t.tokens, t.tokensEstimated);
  const harness = `harness overhead ${Math.round(t.harnessMs)} ms`;
  return `Agent: ${t.steps} model turn(s) in ${s(t.modelMs)}, ${tools}, ${harness}, ${tokens}.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
