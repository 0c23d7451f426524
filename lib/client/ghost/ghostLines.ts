// Turns a character diff (streamed or exact) into what the editor paints: line hunks — original
// lines the ghost deletes and output lines it inserts — plus where the stream is in the original.
// A line is changed when any non-equal character touches it; a pure line insertion or deletion
// leaves its neighbours unchanged. Pure and linear in the ops; resumable, so that while a ghost
// streams its settled ops are folded once and only the tentative rest is folded per frame.
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
  const fold = new GhostLineFold();
  fold.add(ops);
  return fold.result(streaming);
}

/** The state of `ghostLines` after some ops: more can be added, and a copy can go on separately. */
export class GhostLineFold {
  private hunks: GhostHunk[] = [];
  /** The last hunk, while the lines being read still belong to it. */
  private hunk: GhostHunk | null = null;
  private oldLine = 0;
  private oldCol = 0;
  private newCol = 0;
  private oldDirty = false;
  private newDirty = false;
  private newText = '';

  /** Adds `ops[from..]`. */
  add(ops: readonly DiffOp[], from = 0): void {
    for (let k = from; k < ops.length; k++) {
      const { kind, text } = ops[k];
      let i = 0;
      while (i < text.length) {
        const nl = text.indexOf('\n', i);
        const end = nl < 0 ? text.length : nl;
        if (end > i) {
          const length = end - i;
          if (kind === 'equal') {
            this.oldCol += length;
            this.newCol += length;
            this.newText += text.slice(i, end);
          } else if (kind === 'insert') {
            this.newDirty = true;
            if (this.oldCol > 0) this.oldDirty = true;
            this.newCol += length;
            this.newText += text.slice(i, end);
          } else {
            this.oldDirty = true;
            if (this.newCol > 0) this.newDirty = true;
            this.oldCol += length;
          }
        }
        if (nl < 0) break;
        if (kind === 'equal') {
          if (this.oldDirty || this.newDirty) {
            this.endOld();
            this.endNew();
          } else {
            this.hunk = null;
            this.oldLine++;
            this.oldCol = 0;
            this.newCol = 0;
            this.newText = '';
          }
        } else if (kind === 'insert') {
          if (this.oldCol > 0) this.oldDirty = true;
          this.endNew();
        } else {
          if (this.newCol > 0) this.newDirty = true;
          this.endOld();
        }
        i = nl + 1;
      }
    }
  }

  /** An independent fold in the same state (it copies only the hunk list and the open hunk). */
  copy(): GhostLineFold {
    const copy = Object.assign(new GhostLineFold(), this);
    copy.hunks = [...this.hunks];
    if (this.hunk) {
      copy.hunk = { ...this.hunk, newLines: [...this.hunk.newLines] };
      copy.hunks[copy.hunks.length - 1] = copy.hunk;
    }
    return copy;
  }

  /**
   * Ends the fold (add nothing after). The last line of each side has no line end. Finished: it
   * is replaced when touched. Streaming: the line being written is shown inserted, and the
   * original line it works on is shown deleted only once the stream has changed it.
   */
  result(streaming: boolean): GhostLines {
    if (this.oldDirty || (this.newDirty && !streaming)) {
      this.open().oldCount++;
      this.oldLine++;
    }
    if (this.oldDirty || this.newDirty) this.open().newLines.push(this.newText);
    return { hunks: this.hunks, reachedLines: this.oldLine };
  }

  private open(): GhostHunk {
    if (!this.hunk) {
      this.hunk = { oldStart: this.oldLine, oldCount: 0, newLines: [] };
      this.hunks.push(this.hunk);
    }
    return this.hunk;
  }

  private endOld(): void {
    this.open().oldCount++;
    this.oldLine++;
    this.oldCol = 0;
    this.oldDirty = false;
  }

  private endNew(): void {
    this.open().newLines.push(this.newText);
    this.newText = '';
    this.newCol = 0;
    this.newDirty = false;
  }
}
