// Diff review of a run in this browser (accepting its changes hunk by hunk): the diff, the
// person's choice per hunk, and the hunks that could not be merged into the live documents
// (shown as conflicts).
import { create } from 'zustand';
import type { RunDiffReply } from '../../protocol';

export type HunkChoice = 'accepted' | 'rejected';
export type HunkConflict = { theirs: string; ours: string };
/** Hunks are named by file and id: `${path}\n${hunkId}`. */
export const hunkKey = (path: string, hunkId: string) => `${path}\n${hunkId}`;

type DiffReviewState = {
  diffs: Record<string, RunDiffReply>;
  choices: Record<string, Record<string, HunkChoice>>;
  conflicts: Record<string, Record<string, HunkConflict>>;
};

export const useDiffReviewStore = create<DiffReviewState>(() => ({ diffs: {}, choices: {}, conflicts: {} }));

export function setRunDiff(runId: string, diff: RunDiffReply): void {
  useDiffReviewStore.setState((s) => ({ diffs: { ...s.diffs, [runId]: diff } }));
}

export function chooseHunk(runId: string, key: string, choice: HunkChoice | null): void {
  useDiffReviewStore.setState((s) => {
    const mine = { ...s.choices[runId] };
    if (choice === null) delete mine[key];
    else mine[key] = choice;
    return { choices: { ...s.choices, [runId]: mine } };
  });
}

export function setHunkConflicts(runId: string, conflicts: Record<string, HunkConflict>): void {
  useDiffReviewStore.setState((s) => ({ conflicts: { ...s.conflicts, [runId]: conflicts } }));
}
