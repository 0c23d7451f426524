'use client';
// A review-lane finding about a run's diff, shown beside the hunk it is about (lines as in the
// run's result). It can be dismissed; there is no "fix" here, since the code is not live yet.
import type { Finding } from '../../lib/protocol';

export function RunFinding({ finding, onDismiss }: { finding: Finding; onDismiss: () => void }) {
  const lines =
    finding.endLine > finding.startLine ? `lines ${finding.startLine}–${finding.endLine}` : `line ${finding.startLine}`;
  return (
    <div
      className={`tandem-finding tandem-finding-${finding.severity} run-finding`}
      data-testid="run-finding"
      data-severity={finding.severity}
      data-line={finding.startLine}
    >
      <span>
        {finding.severity} ({lines} of the run's version): {finding.message}
      </span>
      <button data-testid="finding-dismiss" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
