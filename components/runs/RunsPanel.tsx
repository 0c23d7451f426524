'use client';
// The background runs: the list, and the open run — what it checked, its evidence as it streams,
// and its diff for diff review (hunk by hunk) once it has finished.
import { useEffect } from 'react';
import { openRun, useRunListStore } from '../../lib/client/stores/runListStore';
import { isFinished } from '../../lib/protocol';
import { DiffReviewPanel } from '../diffReview/DiffReviewPanel';
import { useSession } from '../SessionContext';
import { HandoffSource } from './HandoffEvidence';
import { RunEvidence } from './RunEvidence';
import { RunList } from './RunList';
import { RunVerdict } from './RunVerdict';

export function RunsPanel() {
  const session = useSession();
  const openRunId = useRunListStore((s) => s.openRunId);
  const run = useRunListStore((s) => s.runs.find((r) => r.id === s.openRunId) ?? null);

  useEffect(() => {
    if (!openRunId) return;
    void session.runs.watch(openRunId).catch(() => undefined);
    return () => void session.runs.unwatch(openRunId);
  }, [openRunId, session]);

  return (
    <div className="runs-panel" data-testid="runs-panel">
      <RunList onOpen={(id) => openRun(id === openRunId ? null : id)} openRunId={openRunId} />
      {run && (
        <div className="run-detail" data-testid="run-detail" data-run-id={run.id}>
          {run.handoff && <HandoffSource run={run} handoff={run.handoff} />}
          <RunVerdict run={run} />
          <RunEvidence runId={run.id} />
          {isFinished(run.status) && <DiffReviewPanel runId={run.id} />}
        </div>
      )}
    </div>
  );
}
