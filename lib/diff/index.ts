// Why: one import path for the diff toolkit that server and browser share (pure code, no I/O).
export { applyOps, coalesce, originalOf, outputOf, type DiffOp, type DiffOpKind } from './ops';
export { StreamingDiff, type PartialResult, type StreamingDiffView } from './streamingDiff';
export { exactLineDiff, splitLines } from './lineDiff';
export { diffSequences, type Region } from './sequenceDiff';
export { applyHunks, diffHunks, type Hunk } from './hunks';
export { applyEdits, minimalEdits, type TextEdit } from './edits';
export { toUnifiedDiff } from './unifiedDiff';
export {
  merge3,
  mergeAcceptedHunks,
  type HunkMergeResult,
  type LineSlice,
  type MergeConflict,
  type MergeResult,
} from './merge3';
