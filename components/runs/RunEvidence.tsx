'use client';
// The evidence log of the open run as it streams: every step with its kind, input, output (live
// while a command runs), exit code and duration; a command waiting for approval, with its buttons.
import { useMemo } from 'react';
import { foldEvidence, itemOutput, type EvidenceItem } from '../../lib/client/runs/evidenceItems';
import { useEvidenceStore } from '../../lib/client/stores/evidenceStore';
import { ApprovalRequest, approvalVerdict } from './ApprovalEvidence';
import { HandoffEvidenceView } from './HandoffEvidence';

const EMPTY: never[] = [];

function title(item: EvidenceItem): string {
  const e = item.event;
  switch (e.kind) {
    case 'status':
    case 'message':
    case 'error':
      return e.text;
    case 'tool':
      return `${e.tool} ${e.tool === 'apply_patch' ? '' : e.input}`.trim();
    case 'command':
      return `$ ${e.command ?? ''}`;
    case 'validation':
      return e.command ? `validation: $ ${e.command}` : 'not validated';
    case 'handoff':
      return 'handed off from the fast lane';
    case 'approval':
      return `approval: $ ${e.command}`;
  }
}

function facts(item: EvidenceItem): string {
  const e = item.event;
  if (e.kind === 'approval') return approvalVerdict(e);
  if (!item.done) return e.kind === 'tool' || e.kind === 'command' || e.kind === 'validation' ? 'running…' : '';
  const ms =
    'durationMs' in e && e.durationMs !== null
      ? ` · ${e.durationMs < 1000 ? `${Math.round(e.durationMs)} ms` : `${(e.durationMs / 1000).toFixed(1)} s`}`
      : '';
  if (e.kind === 'tool') return `${e.ok ? 'ok' : 'error'}${ms}`;
  if (e.kind === 'command' || e.kind === 'validation') {
    const how = e.cancelled
      ? 'cancelled'
      : e.timedOut
        ? 'timed out'
        : e.exitCode === null
          ? 'killed'
          : `exit ${e.exitCode}`;
    const verdict = e.kind === 'validation' && e.passed !== null ? (e.passed ? 'passed · ' : 'FAILED · ') : '';
    return e.command === null ? '' : `${verdict}${how}${ms}${e.sandboxed ? '' : ' · not sandboxed'}`;
  }
  return '';
}

export function RunEvidence({ runId }: { runId: string }) {
  const events = useEvidenceStore((s) => s.byRun[runId] ?? EMPTY);
  const stale = useEvidenceStore((s) => s.staleByRun[runId]);
  const items = useMemo(() => foldEvidence(events), [events]);
  return (
    <ol className="run-evidence" data-testid="run-evidence">
      {stale && (
        <li className="notice notice-warning" data-testid="evidence-stale">
          {stale}
        </li>
      )}
      {items.map((item) => {
        const output = itemOutput(item);
        const input = item.event.kind === 'tool' && item.event.tool === 'apply_patch' ? item.event.input : '';
        const truncated = 'truncated' in item.event && item.event.truncated;
        return (
          <li
            key={item.itemId}
            className={`evidence-item evidence-${item.kind}`}
            data-testid="evidence-item"
            data-kind={item.kind}
            data-done={String(item.done)}
            data-outcome={item.event.kind === 'approval' ? (item.event.outcome ?? 'pending') : undefined}
          >
            <div className="evidence-head">
              <span className="evidence-kind">{item.kind}</span>
              <span className="evidence-title">{title(item)}</span>
              <span className="muted small-inline">{facts(item)}</span>
            </div>
            {item.event.kind === 'handoff' && <HandoffEvidenceView evidence={item.event.handoff} />}
            {item.event.kind === 'approval' && !item.done && <ApprovalRequest event={item.event} />}
            {input && (
              <details>
                <summary>patch</summary>
                <pre>{input}</pre>
              </details>
            )}
            {output && (
              <details open={item.kind === 'validation' || !item.done}>
                <summary>output{truncated ? ' (truncated)' : ''}</summary>
                <pre>{output}</pre>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
