'use client';
// The workspace's runs, newest first: status, instruction, who asked, elapsed time (ticking while
// it runs), progress against its limits, the latest action, and cancel.
import { useEffect, useState } from 'react';
import { isFinished, type RunSummary } from '../../lib/protocol';
import { notify } from '../../lib/client/stores/noticeStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import { useRunListStore } from '../../lib/client/stores/runListStore';
import { openHandoffSource } from '../../lib/client/runs/openHandoffSource';
import { useSession } from '../SessionContext';

function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function RunList({ onOpen, openRunId }: { onOpen: (id: string) => void; openRunId: string | null }) {
  const runs = useRunListStore((s) => s.runs);
  const now = useNow(runs.some((r) => r.status === 'running'));
  return (
    <ul className="run-list" data-testid="run-list">
      {runs.length === 0 && (
        <li className="muted small">No background runs yet. Type an instruction and press Delegate.</li>
      )}
      {runs.map((run) => (
        <RunItem key={run.id} run={run} now={now} open={run.id === openRunId} onOpen={() => onOpen(run.id)} />
      ))}
    </ul>
  );
}

function RunItem({ run, now, open, onOpen }: { run: RunSummary; now: number; open: boolean; onOpen: () => void }) {
  const session = useSession();
  const live = !isFinished(run.status);
  const readOnly = useReadOnly();
  const elapsed = run.startedAt === null ? null : (run.finishedAt ?? now) - run.startedAt;
  const p = run.progress;
  return (
    <li
      className={`run-item${open ? ' open' : ''}`}
      data-testid="run-item"
      data-run-id={run.id}
      data-status={run.status}
      onClick={onOpen}
    >
      <div className="run-item-head">
        <span className={`run-status run-status-${run.status}`}>{run.status}</span>
        <span className="run-instruction" title={run.instruction}>
          {run.instruction}
        </span>
        <button
          data-testid="run-cancel"
          disabled={!!readOnly || !live}
          title={readOnly ?? 'Cancel this run (kills its commands)'}
          onClick={(e) => {
            e.stopPropagation();
            session.runs.cancel(run.id).catch((err: Error) => notify('error', err.message));
          }}
        >
          Cancel
        </button>
      </div>
      <div className="muted small-inline">
        {run.by}
        {elapsed !== null ? ` · ${formatElapsed(elapsed)}` : ' · waiting'}
        {run.status !== 'queued'
          ? ` · step ${p.steps}/${p.maxSteps} · ${p.toolCalls} tool calls · ${p.tokens.toLocaleString('en-US')} tokens`
          : ''}
        {p.last ? ` · ${p.last}` : ''}
      </div>
      {run.handoff && (
        <div className="muted small-inline" data-testid="run-handoff">
          handed off from{' '}
          <button
            className="link"
            data-testid="handoff-link"
            title="Open the fast-lane edit this run continues"
            onClick={(e) => {
              e.stopPropagation();
              openHandoffSource(session, run.handoff!).catch((err: Error) => notify('error', err.message));
            }}
          >
            “{run.handoff.instruction}” on {run.handoff.path}:{run.handoff.range.startLine}
          </button>
        </div>
      )}
    </li>
  );
}
