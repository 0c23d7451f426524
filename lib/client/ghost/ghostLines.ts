// Turns a character diff (streamed or exact) into what the editor paints: line hunks — original
// lines the ghost deletes and output lines it inserts — plus where the stream is in the original.
// A line is changed when any non-equal character touches it; a pure line insertion or deletion
// leaves its neighbours unchanged. Pure and linear in the ops.
import type { DiffOp } from '../../diff/ops';

export type GhostHunk = {
  /** First original line (0-based, relative to the range) that the hunk replaces. */
  oldStart: number;
  /** Original lines deleted (or modified) by the hunk. */
  oldCount: number;
  /** The output lines that replace them. */
  newLines: string[];
};

export type GhostLines = {
  hunks: GhostHunk[];
  /** Original lines (relative) fully reached by the stream; later ones are still pending. */
  reachedLines: number;
};

export function ghostLines(ops: readonly DiffOp[], streaming: boolean): GhostLines {
  const hunks: GhostHunk[] = [];
  let hunk: GhostHunk | null = null;
  let oldLine = 0;
  let oldCol = 0;
  let newCol = 0;
  let oldDirty = false;
  let newDirty = false;
  let newText = '';

  const open = (): GhostHunk => {
    if (!hunk) {
      hunk = { oldStart: oldLine, oldCount: 0, newLines: [] };
      hunks.push(hunk);
    }
    return hunk;
  };
  const endOld = () => {
    open().oldCount++;
    oldLine++;
    oldCol = 0;
    oldDirty = false;
  };
  const endNew = () => {
    open().newLines.push(newText);
    newText = '';
    newCol = 0;
    newDirty = false;
  };

  for (const op of ops) {
    let i = 0;
    const text = op.text;
    while (i < text.length) {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      const segment = text.slice(i, end);
      if (segment) {
        if (op.kind === 'equal') {
          oldCol += segment.length;
          newCol += segment.length;
          newText += segment;
        } else if (op.kind === 'insert') {
          newDirty = true;
          if (oldCol > 0) oldDirty = true;
          newCol += segment.length;
          newText += segment;
        } else {
          oldDirty = true;
          if (newCol > 0) newDirty = true;
          oldCol += segment.length;
        }
      }
      if (nl < 0) break;
      if (op.kind === 'equal') {
        if (oldDirty || newDirty) {
          endOld();
          endNew();
        } else {
          hunk = null;
          oldLine++;
          oldCol = 0;
          newCol = 0;
          newText = '';
        }
      } else if (op.kind === 'insert') {
        if (oldCol > 0) oldDirty = true;
        endNew();
      } else {
        if (newCol > 0) newDirty = true;
        endOld();
      }
      i = nl + 1;
    }
  }

  // The last line of each side has no line end. Finished: it is replaced when touched. Streaming:
  // the line being written is shown inserted, and the original line it works on is shown deleted
  // only once the stream has changed it.
  if (oldDirty || (newDirty && !streaming)) {
    open().oldCount++;
    oldLine++;
  }
  if (oldDirty || newDirty) open().newLines.push(newText);
  return { hunks: hunks.filter((h) => h.oldCount > 0 || h.newLines.length > 0), reachedLines: oldLine };
}
