// Why: the review of a background run's diff numbers its findings as in the run's result, which
// is not the text in the editor (the run has not been applied), so they belong beside the hunks
// they are about, in the review panel. A finding goes with each hunk whose new lines (plus the
// few lines of context the reviewer saw) it touches; one near no hunk is listed with its file. Pure.
import type { Hunk } from '../../diff/hunks';
import type { Finding } from '../../protocol';

/** The context the review lane reads around each hunk (server/review/runDiffFiles.ts). */
const CONTEXT = 3;

export type PlacedFindings = { byHunk: Map<string, Finding[]>; unplaced: Finding[] };

export function placeFindings(findings: readonly Finding[], path: string, hunks: readonly Hunk[]): PlacedFindings {
  const byHunk = new Map<string, Finding[]>();
  const unplaced: Finding[] = [];
  for (const f of findings) {
    if (f.path !== path) continue;
    const hunk = hunks.find((h) => {
      const first = Math.max(1, h.newStart + 1 - CONTEXT);
      const last = h.newStart + Math.max(h.newCount, 1) + CONTEXT;
      return f.startLine <= last && f.endLine >= first;
    });
    if (!hunk) {
      unplaced.push(f);
      continue;
    }
    byHunk.set(hunk.id, [...(byHunk.get(hunk.id) ?? []), f]);
  }
  return { byHunk, unplaced };
}
