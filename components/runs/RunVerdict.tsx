'use client';
// What a run checked, said plainly: its status and reason, its validation command (or "not
// validated"), whether its commands were sandboxed, its isolation and its model.
import type { RunSummary } from '../../lib/protocol';

export function RunVerdict({ run }: { run: RunSummary }) {
  const v = run.validation;
  return (
    <div className="run-verdict" data-testid="run-verdict" data-status={run.status}>
      <div className={`run-reason run-status-${run.status}`}>
        {run.status}
        {run.reason ? `: ${run.reason}` : ''}
      </div>
      <div className="muted small-inline">
        <span data-testid="run-validation" data-validated={String(v.command !== null)}>
          {v.command ? `validation: ${v.command} (${v.source})` : 'not validated: no validation command'}
        </span>
        {run.sandbox && !run.sandbox.sandboxed && (
          <span className="run-warning" data-testid="run-unsandboxed" title={run.sandbox.note}>
            {' '}
            · not sandboxed
          </span>
        )}
        {run.isolation ? ` · ${run.isolation === 'worktree' ? 'git worktree' : 'copy'}` : ''}
        {` · ${run.model.model}${run.model.simulated ? ' (simulated)' : ''}`}
        {run.diffStat ? ` · ${run.diffStat.files} file(s) +${run.diffStat.added} −${run.diffStat.removed}` : ''}
      </div>
      {run.summary && <div className="run-summary">{run.summary}</div>}
    </div>
  );
}
