// Why: accepting a ghost and applying a review both land `minimalEdits` on a shared Y.Text; they
// go in from the last to the first, so each edit's offset still means the text it was computed on.
import type * as Y from 'yjs';
import type { TextEdit } from '../diff/edits';

/** Applies sorted, non-overlapping edits whose offsets count from `at` in `text`. */
export function applyTextEdits(text: Y.Text, edits: readonly TextEdit[], at = 0): void {
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i];
    if (e.deleteCount > 0) text.delete(at + e.offset, e.deleteCount);
    if (e.insertText) text.insert(at + e.offset, e.insertText);
  }
}
