// Why: diff review (accepting a run's changes hunk by hunk) turns the run's diff into hunks with
// stable ids, and applying the accepted ones to a live document that people kept editing is a
// 3-way merge — base: the snapshot's text, theirs: the run's result, ours: the live text now.
// Clean hunks land as minimal edits; a hunk that overlaps someone's change is reported as a
// conflict and left out, never forced in. Pure.
import { minimalEdits, type TextEdit } from '../../diff/edits';
import { diffHunks, type Hunk } from '../../diff/hunks';
import { mergeAcceptedHunks, type MergeConflict } from '../../diff/merge3';
import type { RunDiffFile } from '../../protocol';

/** A file of a run's diff with its hunks; `reviewable`: decided hunk by hunk (not binary). */
export type FileHunks = { file: RunDiffFile; hunks: Hunk[]; reviewable: boolean };

export function fileHunks(files: readonly RunDiffFile[]): FileHunks[] {
  return files.map((file) => {
    // Added and deleted files are one hunk each: the whole file comes or goes.
    const reviewable = !file.binary;
    return { file, hunks: file.binary ? [] : diffHunks(file.baseText, file.resultText), reviewable };
  });
}

export type HunkMergePlan = {
  /** Edits turning the live text into the merged text (offsets in the live text, sorted). */
  edits: TextEdit[];
  merged: string;
  applied: string[];
  conflicted: string[];
  conflicts: MergeConflict[];
};

export function planHunkMerge(file: RunDiffFile, live: string, accepted: Iterable<string>): HunkMergePlan {
  const merge = mergeAcceptedHunks(file.baseText, live, file.resultText, accepted);
  // A conflict region keeps the live text, so the edits touch only the hunks that merged cleanly.
  return {
    edits: minimalEdits(live, merge.text),
    merged: merge.text,
    applied: merge.applied,
    conflicted: merge.conflicted,
    conflicts: merge.conflicts,
  };
}
