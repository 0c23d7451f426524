// Why: a command the policy asks about waits for a person, in the process that holds the run. The
// question is an evidence entry (kind `approval`, started); the answer is the same entry completed,
// written by whichever web node the person is on — so it reaches the holder the way every evidence
// event does (at once in one process; through the run log in cluster mode) and the holder needs no
// channel of its own. The holder answers for nobody: it ends the wait on the answer, on no answer in
// time (`TANDEM_APPROVAL_TIMEOUT_MS`, then it writes `timeout`) or when the run stops (`cancelled`).
import { randomUUID } from 'node:crypto';
import type { ApprovalOutcome, EvidenceDraft, EvidenceEvent } from '../../lib/protocol';
import { describePolicy, judgeCommand, NO_APPROVAL_RULES, type ApprovalPolicy } from './approvalPolicy';
import { grantedForRun } from './approvalDecision';
import type { RunLedger } from './runLedger';
import type { RunRecord } from './runStore';

export type ApprovalCheck = {
  runId: string;
  /** Who started the run. */
  by: string;
  command: string;
  policy: ApprovalPolicy;
  sandboxed: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  evidence(draft: EvidenceDraft): void;
  /** Who allowed this command for the run in its evidence (a restarted run's earlier attempts), or null. */
  grantedBy?(command: string): string | null;
  /** Called while the command waits for a person (for the run's progress line). */
  waiting?(): void;
};

/** ok: run the command; else `message` is the tool's answer to the model. */
export type ApprovalAnswer = { ok: true } | { ok: false; message: string };

type Pending = { runId: string; settle(outcome: ApprovalOutcome, decidedBy: string | null): void };

export class ApprovalDesk {
  private readonly pending = new Map<string, Pending>();
  /** Per run: commands a person allowed for the rest of the run, and who. */
  private readonly allowedForRun = new Map<string, Map<string, string>>();

  /** Every evidence event that reaches this process: an answer to a question asked here ends its wait. */
  seen(event: EvidenceEvent): void {
    if (event.kind !== 'approval' || event.phase !== 'completed' || event.outcome === null) return;
    const p = this.pending.get(event.itemId);
    if (!p || p.runId !== event.runId) return;
    this.pending.delete(event.itemId);
    p.settle(event.outcome, event.decidedBy);
  }

  /** Questions this process is waiting on (for tests and shutdown checks). */
  waiting(): number {
    return this.pending.size;
  }

  /** The run ended here: what was allowed for it goes. */
  forgetRun(runId: string): void {
    this.allowedForRun.delete(runId);
  }

  async check(c: ApprovalCheck): Promise<ApprovalAnswer> {
    const { verdict, rule } = judgeCommand(c.command, c.policy, c.sandboxed);
    if (verdict === 'allow') return { ok: true };
    const entry = (outcome: ApprovalOutcome | null, decidedBy: string | null, why = rule) =>
      ({ kind: 'approval', command: c.command, by: c.by, rule: why, outcome, decidedBy }) as const;
    if (verdict === 'deny') {
      c.evidence({ itemId: randomUUID(), phase: 'completed', ...entry('deny', null) });
      return refused(`denied by the workspace's policy (${rule})`);
    }
    const allowedBy = this.allowedForRun.get(c.runId)?.get(c.command) ?? c.grantedBy?.(c.command) ?? null;
    if (allowedBy !== null) {
      const why = `allowed for this run by ${allowedBy} (${rule})`;
      c.evidence({ itemId: randomUUID(), phase: 'completed', ...entry('allow-run', allowedBy, why) });
      return { ok: true };
    }
    const itemId = randomUUID();
    const decided = new Promise<{ outcome: ApprovalOutcome; decidedBy: string | null }>((resolve) => {
      this.pending.set(itemId, {
        runId: c.runId,
        settle: (outcome, decidedBy) => resolve({ outcome, decidedBy }),
      });
    });
    c.evidence({ itemId, phase: 'started', ...entry(null, null) });
    c.waiting?.();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: () => void = () => undefined;
    const stop = new Promise<'timeout' | 'cancelled'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), c.timeoutMs);
      onAbort = () => resolve('cancelled');
      if (c.signal.aborted) resolve('cancelled');
      c.signal.addEventListener('abort', onAbort, { once: true });
    });
    const first = await Promise.race([decided, stop]);
    clearTimeout(timer);
    c.signal.removeEventListener('abort', onAbort);
    if (typeof first === 'string') {
      // Nobody answered (or the run stopped): this process ends the question itself.
      if (!this.pending.delete(itemId)) return this.afterAnswer(c, await decided);
      const why = first === 'timeout' ? `no answer within ${describeMs(c.timeoutMs)}` : stopReason(c.signal);
      c.evidence({ itemId, phase: 'completed', ...entry(first, null, why) });
      return first === 'timeout'
        ? refused(`denied: nobody approved it within ${describeMs(c.timeoutMs)} (TANDEM_APPROVAL_TIMEOUT_MS)`)
        : refused('not run: the run was stopped while the command waited for approval');
    }
    return this.afterAnswer(c, first);
  }

  private afterAnswer(c: ApprovalCheck, a: { outcome: ApprovalOutcome; decidedBy: string | null }): ApprovalAnswer {
    if (a.outcome === 'allow-run') {
      const allowed = this.allowedForRun.get(c.runId) ?? new Map<string, string>();
      allowed.set(c.command, a.decidedBy ?? 'someone');
      this.allowedForRun.set(c.runId, allowed);
    }
    if (a.outcome === 'allow' || a.outcome === 'allow-run') return { ok: true };
    return refused(`denied by ${a.decidedBy ?? 'a person'}`);
  }
}

/** A run's approvals as its processing uses them: the policy it was queued with, this process's desk. */
export function runApprovals(
  desk: ApprovalDesk,
  run: Pick<RunRecord, 'id' | 'by' | 'request'>,
  sandboxed: boolean,
  timeoutMs: number,
  ledger: Pick<RunLedger, 'append' | 'replay'>,
) {
  const policy = run.request.approvals ?? NO_APPROVAL_RULES;
  return {
    note: describePolicy(policy, sandboxed),
    check: (command: string, signal: AbortSignal, waiting: () => void) =>
      desk.check({
        runId: run.id,
        by: run.by,
        command,
        policy,
        sandboxed,
        timeoutMs,
        signal,
        evidence: (draft) => ledger.append(run.id, draft),
        grantedBy: (cmd) => grantedForRun(ledger, run.id, cmd),
        waiting,
      }),
  };
}

function refused(why: string): ApprovalAnswer {
  return {
    ok: false,
    message:
      `error: the command was ${why}; it did not run. Do not run it again in this run: ` +
      'carry on without it, or finish and say what is left to check.',
  };
}

function stopReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return `the run stopped while it waited${r instanceof Error && r.message ? ` (${r.message})` : ''}`;
}

export function describeMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
  return `${ms} ms`;
}
