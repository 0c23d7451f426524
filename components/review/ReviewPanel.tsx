'use client';
// A finished run's diff for review: per file, per hunk, accept or reject; Apply merges the
// accepted hunks into the live shared documents (3-way, one undo step per file) and records the
// outcome on the server. A hunk that cannot merge is flagged, never dropped or forced.
import { useMemo, useState } from 'react';
import { applyReview } from '../../lib/client/runs/applyReview';
import { reviewFiles } from '../../lib/client/runs/reviewPlan';
import { notify } from '../../lib/client/stores/noticeStore';
import { chooseHunk, hunkKey, setConflicts, useRunReviewStore, type HunkChoice } from '../../lib/client/stores/runReviewStore';
import type { HunkDecision } from '../../lib/protocol';
import { useSession } from '../SessionContext';
import { reviewRunDiff } from '../steering/dispatch';
import { ReviewHunk, type HunkState } from './ReviewHunk';

const NO_CHOICES: Record<string, HunkChoice> = {};

export function ReviewPanel({ runId }: { runId: string }) {
  const session = useSession();
  const diff = useRunReviewStore((s) => s.diffs[runId]);
  const choices = useRunReviewStore((s) => s.choices[runId] ?? NO_CHOICES);
  const conflicts = useRunReviewStore((s) => s.conflicts[runId]);
  const [applying, setApplying] = useState(false);
  const files = useMemo(() => (diff ? reviewFiles(diff.files) : []), [diff]);
  const decided = useMemo(() => new Map<string, HunkDecision>((diff?.decisions ?? []).map((d) => [hunkKey(d.path, d.hunkId), d])), [diff]);

  if (!diff) return <div className="muted small">Loading the diff…</div>;
  if (files.length === 0) return <div className="muted small" data-testid="review-panel">The run changed no file.</div>;

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
      const outcome = await applyReview(session, session.runs, runId, choices);
      setConflicts(runId, { ...conflicts, ...outcome.conflicts });
      for (const key of Object.keys(choices)) chooseHunk(runId, key, null);
      const n = Object.keys(outcome.conflicts).length;
      notify(n ? 'warning' : 'info', `review: ${outcome.applied} hunk(s) applied, ${outcome.rejected} rejected${n ? `, ${n} conflicted and left out` : ''}`);
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
        <button data-testid="run-review" onClick={() => void reviewRunDiff(session, runId)} title="Ask the review lane to read this diff and report findings (it changes nothing)">
          Review diff
        </button>
        <button data-testid="review-apply" disabled={!pending || applying} onClick={() => void apply()} title="Apply the accepted hunks to the live documents">
          Apply
        </button>
      </div>
      {files.map(({ file, hunks, reviewable }) => (
        <div key={file.path} className="review-file" data-testid="review-file" data-path={file.path} data-status={file.status}>
          <div className="review-file-head">
            <span className="review-path">{file.path}</span>
            <span className="muted small-inline"> {file.status}</span>
          </div>
          {!reviewable && <div className="muted small">Binary file: not reviewable here.</div>}
          {reviewable && file.status !== 'modified' && (
            <div className="muted small">
              {file.status === 'added' ? 'A new file: accepting it creates the file.' : 'Accepting this deletes the file, unless someone has changed it since the run started.'}
            </div>
          )}
          {reviewable &&
            hunks.map((hunk) => {
              const key = hunkKey(file.path, hunk.id);
              return (
                <ReviewHunk
                  key={hunk.id}
                  path={file.path}
                  hunk={hunk}
                  state={stateOf(key)}
                  decision={decided.get(key)}
                  conflict={conflicts?.[key]}
                  onChoose={(choice) => chooseHunk(runId, key, choice)}
                />
              );
            })}
        </div>
      ))}
    </div>
  );
}
