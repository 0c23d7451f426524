'use client';
// One file of a run's diff in the diff review panel: its hunks with their choices and outcomes, and the
// review lane's findings about them (placed by lib/client/review/runFindings).
import { placeFindings } from '../../lib/client/review/runFindings';
import type { FileHunks } from '../../lib/client/diffReview/hunkPlan';
import { dismissRunFinding } from '../../lib/client/stores/findingsStore';
import { chooseHunk, hunkKey, type HunkConflict } from '../../lib/client/stores/diffReviewStore';
import type { Finding, HunkDecision } from '../../lib/protocol';
import { RunFinding } from '../review/RunFinding';
import { DiffReviewHunk, type HunkState } from './DiffReviewHunk';

export function DiffReviewFile(props: {
  runId: string;
  entry: FileHunks;
  findings: readonly Finding[];
  stateOf: (key: string) => HunkState;
  decided: Map<string, HunkDecision>;
  conflicts: Record<string, HunkConflict> | undefined;
}) {
  const { runId, entry, findings, stateOf, decided, conflicts } = props;
  const { file, hunks, reviewable } = entry;
  const placed = placeFindings(findings, file.path, hunks);
  const finding = (f: Finding) => (
    <RunFinding key={f.id} finding={f} onDismiss={() => dismissRunFinding(runId, f.id)} />
  );
  return (
    <div className="review-file" data-testid="review-file" data-path={file.path} data-status={file.status}>
      <div className="review-file-head">
        <span className="review-path">{file.path}</span>
        <span className="muted small-inline"> {file.status}</span>
      </div>
      {placed.unplaced.map(finding)}
      {!reviewable && <div className="muted small">Binary file: not reviewable here.</div>}
      {reviewable && file.status !== 'modified' && (
        <div className="muted small">
          {file.status === 'added'
            ? 'A new file: accepting it creates the file.'
            : 'Accepting this deletes the file, unless someone has changed it since the run started.'}
        </div>
      )}
      {reviewable &&
        hunks.map((hunk) => {
          const key = hunkKey(file.path, hunk.id);
          return (
            <DiffReviewHunk
              key={hunk.id}
              path={file.path}
              hunk={hunk}
              state={stateOf(key)}
              decision={decided.get(key)}
              conflict={conflicts?.[key]}
              onChoose={(choice) => chooseHunk(runId, key, choice)}
            >
              {placed.byHunk.get(hunk.id)?.map(finding)}
            </DiffReviewHunk>
          );
        })}
    </div>
  );
}
