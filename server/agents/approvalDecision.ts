// Why: a person's answer to a command a run asks about (`run/approval`), checked and written where
// the person is: the run must be running and the question still open; the answer is the question's
// evidence entry completed, with who answered — which is also how it reaches the process holding the
// run (approvalDesk.ts). Pure over the ledger.
import { MAX_REPLAY_EVENTS, ProtocolFailure, type ApprovalDecision, type EvidenceEvent } from '../../lib/protocol';
import type { RunLedger } from './runLedger';
import type { RunRecord } from './runStore';

type ApprovalEvent = Extract<EvidenceEvent, { kind: 'approval' }>;

/** The question's entries in the run's evidence: asked (started) and answered (completed). */
export function findApproval(
  ledger: Pick<RunLedger, 'replay'>,
  runId: string,
  approvalId: string,
): { asked: ApprovalEvent | null; answered: ApprovalEvent | null } {
  let asked: ApprovalEvent | null = null;
  let answered: ApprovalEvent | null = null;
  for (let after = 0; ;) {
    const { events, more } = ledger.replay(runId, after, MAX_REPLAY_EVENTS);
    for (const e of events) {
      if (e.kind !== 'approval' || e.itemId !== approvalId) continue;
      if (e.phase === 'started') asked = e;
      else if (e.phase === 'completed') answered ??= e;
    }
    if (!more || events.length === 0) return { asked, answered };
    after = events[events.length - 1].seq;
  }
}

/**
 * Who allowed this command for the rest of the run, from its evidence (an `allow-run` answer), or
 * null: what a process that restarts the run (after its first process died) goes by.
 */
export function grantedForRun(ledger: Pick<RunLedger, 'replay'>, runId: string, command: string): string | null {
  for (let after = 0; ;) {
    const { events, more } = ledger.replay(runId, after, MAX_REPLAY_EVENTS);
    for (const e of events)
      if (e.kind === 'approval' && e.outcome === 'allow-run' && e.command === command && e.decidedBy !== null)
        return e.decidedBy;
    if (!more || events.length === 0) return null;
    after = events[events.length - 1].seq;
  }
}

const DONE: Record<string, string> = {
  allow: 'allowed',
  'allow-run': 'allowed for the run',
  deny: 'denied',
  timeout: 'denied when nobody answered in time',
  cancelled: 'ended when the run stopped',
};

export function recordApproval(
  ledger: RunLedger,
  run: RunRecord,
  approvalId: string,
  decision: ApprovalDecision,
  by: string,
): void {
  if (run.status !== 'running')
    throw new ProtocolFailure('conflict', `run ${run.id} is ${run.status}: it waits for no approval`);
  const { asked, answered } = findApproval(ledger, run.id, approvalId);
  if (!asked) throw new ProtocolFailure('not_found', `run ${run.id} has no approval ${approvalId}`);
  if (answered) {
    const who = answered.decidedBy ? ` by ${answered.decidedBy}` : '';
    throw new ProtocolFailure(
      'conflict',
      `that command was already ${DONE[answered.outcome ?? ''] ?? 'decided'}${who}`,
    );
  }
  ledger.assertWritable();
  ledger.append(run.id, {
    kind: 'approval',
    itemId: approvalId,
    phase: 'completed',
    command: asked.command,
    by: asked.by,
    rule: asked.rule,
    outcome: decision,
    decidedBy: by,
  });
}
