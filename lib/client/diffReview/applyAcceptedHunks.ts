// Applying a diff review in this browser: for each file with accepted hunks, open its shared
// document if needed, 3-way merge the accepted hunks into the live text as one local edit (one
// undo step per file), then record on the server which hunks were applied, rejected or
// conflicted. A file the run added is created empty first (the merge against an empty base fills
// it) and saved at once; a file the run deleted is deleted only while its text is still the
// run's base.
import * as Y from 'yjs';
import type { HunkDecisionKind, RunDiffFile } from '../../protocol';
import type { Hunk } from '../../diff/hunks';
import type { RunsClient } from '../runsClient';
import { RequestError } from '../socket';
import { hunkKey, type HunkChoice, type HunkConflict } from '../stores/diffReviewStore';
import { applyTextEdits } from '../textEdits';
import { fileHunks, planHunkMerge, type HunkMergePlan } from './hunkPlan';

/** The live shared documents of this browser (its WorkspaceSession). */
export type LiveDocuments = {
  doc(path: string): { text: Y.Text } | undefined;
  open(path: string, opts?: { create?: boolean }): Promise<unknown>;
  localEdit(path: string, change: (text: Y.Text) => void): boolean;
  save(path: string): Promise<void>;
  deleteFile(path: string, expectedText: string): Promise<boolean>;
};

export type HunkApplyOutcome = { applied: number; rejected: number; conflicts: Record<string, HunkConflict> };

type Decision = { path: string; hunkId: string; decision: HunkDecisionKind };

export async function applyAcceptedHunks(
  host: LiveDocuments,
  runs: RunsClient,
  runId: string,
  choices: Record<string, HunkChoice>,
): Promise<HunkApplyOutcome> {
  const diff = runs.diff(runId) ?? (await runs.loadDiff(runId));
  const decisions: Decision[] = [];
  const conflicts: Record<string, HunkConflict> = {};
  for (const { file, hunks, reviewable } of fileHunks(diff.files)) {
    if (!reviewable) continue;
    const accepted = hunks.filter((h) => choices[hunkKey(file.path, h.id)] === 'accepted').map((h) => h.id);
    for (const h of hunks)
      if (choices[hunkKey(file.path, h.id)] === 'rejected')
        decisions.push({ path: file.path, hunkId: h.id, decision: 'rejected' });
    if (accepted.length === 0) continue;
    if (file.status === 'deleted') await applyDeletion(host, file, hunks, decisions, conflicts);
    else await applyMerge(host, file, hunks, accepted, decisions, conflicts);
  }
  if (decisions.length) await runs.recordHunkDecisions(runId, decisions);
  return {
    applied: decisions.filter((d) => d.decision === 'applied').length,
    rejected: decisions.filter((d) => d.decision === 'rejected').length,
    conflicts,
  };
}

async function applyMerge(
  host: LiveDocuments,
  file: RunDiffFile,
  hunks: Hunk[],
  accepted: string[],
  decisions: Decision[],
  conflicts: Record<string, HunkConflict>,
): Promise<void> {
  if (!host.doc(file.path)) await host.open(file.path, { create: file.status === 'added' });
  let plan: HunkMergePlan | null = null;
  const edited = host.localEdit(file.path, (text) => {
    plan = planHunkMerge(file, text.toString(), accepted);
    applyTextEdits(text, plan.edits);
  });
  if (!edited || !plan) throw new Error(`${file.path} could not be opened to apply the accepted hunks`);
  const done: HunkMergePlan = plan;
  for (const id of done.applied) decisions.push({ path: file.path, hunkId: id, decision: 'applied' });
  for (const id of done.conflicted) {
    decisions.push({ path: file.path, hunkId: id, decision: 'conflict' });
    const hunk = hunks.find((h) => h.id === id)!;
    const c =
      done.conflicts.find(
        (x) =>
          x.baseRange.start <= hunk.oldStart &&
          hunk.oldStart + hunk.oldCount <= Math.max(x.baseRange.end, x.baseRange.start + 1),
      ) ?? done.conflicts[0];
    conflicts[hunkKey(file.path, id)] = { ours: c?.oursText ?? '', theirs: c?.theirsText ?? hunk.newText };
  }
  // A new file exists on disk only once saved; waiting for autosave would leave it empty there.
  if (file.status === 'added' && done.applied.length) await host.save(file.path);
}

/** A deleted file is one hunk (all of it): delete it unless someone has changed it since. */
async function applyDeletion(
  host: LiveDocuments,
  file: RunDiffFile,
  hunks: Hunk[],
  decisions: Decision[],
  conflicts: Record<string, HunkConflict>,
): Promise<void> {
  try {
    await host.deleteFile(file.path, file.baseText);
    for (const h of hunks) decisions.push({ path: file.path, hunkId: h.id, decision: 'applied' });
  } catch (err) {
    if (!(err instanceof RequestError) || err.code !== 'conflict') throw err;
    for (const h of hunks) {
      decisions.push({ path: file.path, hunkId: h.id, decision: 'conflict' });
      conflicts[hunkKey(file.path, h.id)] = { ours: host.doc(file.path)?.text.toString() ?? err.message, theirs: '' };
    }
  }
}
