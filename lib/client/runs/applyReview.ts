// Applying a review in this browser: for each file with accepted hunks, open its shared document
// if needed, 3-way merge the accepted hunks into the live text as one local edit (one undo step
// per file), then record on the server which hunks were applied, rejected or conflicted.
import * as Y from 'yjs';
import type { HunkDecisionKind } from '../../protocol';
import type { RunsClient } from '../runsClient';
import { hunkKey, type HunkChoice, type HunkConflict } from '../stores/runReviewStore';
import { planApply, reviewFiles } from './reviewPlan';

export type ReviewHost = {
  doc(path: string): { text: Y.Text } | undefined;
  open(path: string): Promise<unknown>;
  localEdit(path: string, change: (text: Y.Text) => void): boolean;
};

export type ReviewOutcome = { applied: number; rejected: number; conflicts: Record<string, HunkConflict> };

export async function applyReview(host: ReviewHost, runs: RunsClient, runId: string, choices: Record<string, HunkChoice>): Promise<ReviewOutcome> {
  const diff = runs.diff(runId) ?? (await runs.loadDiff(runId));
  const decisions: { path: string; hunkId: string; decision: HunkDecisionKind }[] = [];
  const conflicts: Record<string, HunkConflict> = {};
  for (const { file, hunks, reviewable } of reviewFiles(diff.files)) {
    if (!reviewable) continue;
    const accepted = hunks.filter((h) => choices[hunkKey(file.path, h.id)] === 'accepted').map((h) => h.id);
    for (const h of hunks) if (choices[hunkKey(file.path, h.id)] === 'rejected') decisions.push({ path: file.path, hunkId: h.id, decision: 'rejected' });
    if (accepted.length === 0) continue;
    if (!host.doc(file.path)) await host.open(file.path);
    let plan: ReturnType<typeof planApply> | null = null;
    const edited = host.localEdit(file.path, (text) => {
      plan = planApply(file, text.toString(), accepted);
      for (let i = plan.edits.length - 1; i >= 0; i--) {
        const e = plan.edits[i];
        if (e.deleteCount > 0) text.delete(e.offset, e.deleteCount);
        if (e.insertText) text.insert(e.offset, e.insertText);
      }
    });
    if (!edited || !plan) throw new Error(`${file.path} could not be opened to apply the review`);
    const done: ReturnType<typeof planApply> = plan;
    for (const id of done.applied) decisions.push({ path: file.path, hunkId: id, decision: 'applied' });
    for (const id of done.conflicted) {
      decisions.push({ path: file.path, hunkId: id, decision: 'conflict' });
      const hunk = hunks.find((h) => h.id === id)!;
      const c = done.conflicts.find((x) => x.baseRange.start <= hunk.oldStart && hunk.oldStart + hunk.oldLines <= Math.max(x.baseRange.end, x.baseRange.start + 1)) ?? done.conflicts[0];
      conflicts[hunkKey(file.path, id)] = { ours: c?.oursText ?? '', theirs: c?.theirsText ?? hunk.newText };
    }
  }
  if (decisions.length) await runs.review(runId, decisions);
  return { applied: decisions.filter((d) => d.decision === 'applied').length, rejected: decisions.filter((d) => d.decision === 'rejected').length, conflicts };
}
