// Review of a run's diff in this browser: the diff, the person's choice per hunk, and the hunks
// that could not be merged into the live documents (shown as conflicts).
import { create } from 'zustand';
import type { RunDiffReply } from '../../protocol';

export type HunkChoice = 'accepted' | 'rejected';
export type HunkConflict = { theirs: string; ours: string };
/** Hunks are named by file and id: `${path}\n${hunkId}`. */
export const hunkKey = (path: string, hunkId: string) => `${path}\n${hunkId}`;

type RunReviewState = {
  diffs: Record<string, RunDiffReply>;
  choices: Record<string, Record<string, HunkChoice>>;
  conflicts: Record<string, Record<string, HunkConflict>>;
};

export const useRunReviewStore = create<RunReviewState>(() => ({ diffs: {}, choices: {}, conflicts: {} }));

export function setRunDiff(runId: string, diff: RunDiffReply): void {
  useRunReviewStore.setState((s) => ({ diffs: { ...s.diffs, [runId]: diff } }));
}

export function chooseHunk(runId: string, key: string, choice: HunkChoice | null): void {
  useRunReviewStore.setState((s) => {
    const mine = { ...s.choices[runId] };
    if (choice === null) delete mine[key];
    else mine[key] = choice;
    return { choices: { ...s.choices, [runId]: mine } };
  });
}

export function setConflicts(runId: string, conflicts: Record<string, HunkConflict>): void {
  useRunReviewStore.setState((s) => ({ conflicts: { ...s.conflicts, [runId]: conflicts } }));
}
