'use client';
// Diff review of a finished run: per file, per hunk, accept or reject; Apply merges the
// accepted hunks into the live shared documents (3-way, one undo step per file) and records the
// outcome on the server. A hunk that cannot merge is flagged, never dropped or forced.
import { useMemo, useState } from 'react';
import { applyAcceptedHunks } from '../../lib/client/diffReview/applyAcceptedHunks';
import { fileHunks } from '../../lib/client/diffReview/hunkPlan';
import { useFindingsStore } from '../../lib/client/stores/findingsStore';
import { notify } from '../../lib/client/stores/noticeStore';
import { useReadOnly } from '../../lib/client/stores/roleStore';
import {
  chooseHunk,
  hunkKey,
  setHunkConflicts,
  useDiffReviewStore,
  type HunkChoice,
} from '../../lib/client/stores/diffReviewStore';
import type { Finding, HunkDecision } from '../../lib/protocol';
import { useSession } from '../SessionContext';
import { reviewRunDiff } from '../steering/dispatch';
import { DiffReviewFile } from './DiffReviewFile';
import type { HunkState } from './DiffReviewHunk';

const NO_CHOICES: Record<string, HunkChoice> = {};
const NO_FINDINGS: Finding[] = [];

export function DiffReviewPanel({ runId }: { runId: string }) {
  const session = useSession();
  const readOnly = useReadOnly();
  const diff = useDiffReviewStore((s) => s.diffs[runId]);
  const choices = useDiffReviewStore((s) => s.choices[runId] ?? NO_CHOICES);
  const conflicts = useDiffReviewStore((s) => s.conflicts[runId]);
  const findings = useFindingsStore((s) => s.runFindings[runId] ?? NO_FINDINGS);
  const [applying, setApplying] = useState(false);
  const files = useMemo(() => (diff ? fileHunks(diff.files) : []), [diff]);
  const decided = useMemo(
    () => new Map<string, HunkDecision>((diff?.decisions ?? []).map((d) => [hunkKey(d.path, d.hunkId), d])),
    [diff],
  );

  if (!diff) return <div className="muted small">Loading the diff…</div>;
  if (files.length === 0)
    return (
      <div className="muted small" data-testid="review-panel">
        The run changed no file.
      </div>
    );

  const stateOf = (key: string): HunkState => {
    const server = decided.get(key)?.decision;
    if (server === 'applied') return 'applied';
    const local = choices[key];
    if (local) return local;
    if (server === 'conflict' || server === 'rejected') return server;
    return 'pending';
  };
  const pending = Object.values(choices).some((c) => c === 'accepted' || c === 'rejected');

  const apply = async () => {
    setApplying(true);
    try {
      const outcome = await applyAcceptedHunks(session, session.runs, runId, choices);
      setHunkConflicts(runId, { ...conflicts, ...outcome.conflicts });
      for (const key of Object.keys(choices)) chooseHunk(runId, key, null);
      const n = Object.keys(outcome.conflicts).length;
      notify(
        n ? 'warning' : 'info',
        `review: ${outcome.applied} hunk(s) applied, ${outcome.rejected} rejected` +
          (n ? `, ${n} conflicted and left out` : ''),
      );
    } catch (err) {
      notify('error', (err as Error).message);
    } finally {
      setApplying(false);
    }
  };

  return (
    <div className="review-panel" data-testid="review-panel">
      <div className="review-bar">
        <span className="muted small-inline">{files.length} file(s)</span>
        <span className="spacer" />
        <button
          data-testid="run-review"
          disabled={!!readOnly}
          onClick={() => void reviewRunDiff(session, runId)}
          title={readOnly ?? 'Ask the review lane to read this diff and report findings (it changes nothing)'}
        >
          Review diff
        </button>
        <button
          data-testid="review-apply"
          disabled={!!readOnly || !pending || applying}
          onClick={() => void apply()}
          title={readOnly ?? 'Apply the accepted hunks to the live documents'}
        >
          Apply
        </button>
      </div>
      {files.map((entry) => (
        <DiffReviewFile
          key={entry.file.path}
          runId={runId}
          entry={entry}
          findings={findings}
          stateOf={stateOf}
          decided={decided}
          conflicts={conflicts}
        />
      ))}
    </div>
  );
}
