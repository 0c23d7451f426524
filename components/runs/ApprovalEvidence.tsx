'use client';
// A command a run asks about, in its evidence: while it waits, the command, who started the run,
// why it asks, and Allow / Allow for this run / Deny; once decided, who decided (or that nobody
// answered in time, or that the run stopped). A viewer sees the buttons disabled, with why (the
// server refuses a viewer's answer anyway).
import { useState } from 'react';
import type { ApprovalDecision, EvidenceEvent } from '../../lib/protocol';
import { notify } from '../../lib/client/stores/noticeStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import { useSession } from '../SessionContext';

type ApprovalEvent = Extract<EvidenceEvent, { kind: 'approval' }>;

/** One line for a decided approval: what happened and who did it. */
export function approvalVerdict(e: ApprovalEvent): string {
  const who = e.decidedBy ?? 'someone';
  switch (e.outcome) {
    case 'allow':
      return `allowed by ${who}`;
    case 'allow-run':
      return `allowed for this run by ${who}`;
    case 'deny':
      return e.decidedBy ? `denied by ${e.decidedBy}` : 'denied by the policy';
    case 'timeout':
      return 'denied: timed out';
    case 'cancelled':
      return 'ended: the run stopped';
    case null:
      return 'waiting for approval';
  }
}

const BUTTONS: { decision: ApprovalDecision; label: string; testId: string }[] = [
  { decision: 'allow', label: 'Allow', testId: 'approval-allow' },
  { decision: 'allow-run', label: 'Allow for this run', testId: 'approval-allow-run' },
  { decision: 'deny', label: 'Deny', testId: 'approval-deny' },
];

export function ApprovalRequest({ event }: { event: ApprovalEvent }) {
  const session = useSession();
  const [sending, setSending] = useState(false);
  const readOnly = useReadOnly();
  const answer = (decision: ApprovalDecision) => {
    setSending(true);
    session.runs
      .approve(event.runId, event.itemId, decision)
      .catch((err: Error) => notify('error', err.message))
      .finally(() => setSending(false));
  };
  return (
    <div className="approval-request" data-testid="approval-request" data-command={event.command}>
      <pre>$ {event.command}</pre>
      <p className="muted small-inline">
        Run started by {event.by} · asks because of {event.rule}
      </p>
      <div className="approval-actions">
        {BUTTONS.map((b) => (
          <button
            key={b.decision}
            type="button"
            data-testid={b.testId}
            disabled={sending || readOnly !== null}
            title={readOnly ?? undefined}
            onClick={() => answer(b.decision)}
          >
            {b.label}
          </button>
        ))}
      </div>
    </div>
  );
}
