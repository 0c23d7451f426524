// Why: accepting a ghost edit or reloading a file changed on disk must not replace the whole
// shared document: that would move every collaborator's cursor and bloat the CRDT history. This
// turns two texts into the few small character edits that touch only what changed.
import { splitLines } from './lineDiff';
import { diffSequences } from './sequenceDiff';

/** Replace `deleteCount` characters at `offset` (in the old text) with `insertText`. */
export interface TextEdit {
  offset: number;
  deleteCount: number;
  insertText: string;
}

/** Identifiers, runs of horizontal space, line ends, and single other characters (code points). */
const TOKEN = /[\p{L}\p{N}_$]+|[^\S\n]+|\n|[^]/gu;

/**
 * Non-overlapping edits, sorted by offset, that turn `oldText` into `newText`: a line diff first,
 * then each changed region refined to whole tokens, so that renaming one identifier on a line
 * edits just that identifier. (Past the diff's work budget a region stays one edit, trimmed.)
 */
export function minimalEdits(oldText: string, newText: string): TextEdit[] {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const edits: TextEdit[] = [];
  let oldLine = 0;
  let oldOffset = 0;
  for (const region of diffSequences(oldLines, newLines)) {
    while (oldLine < region.oldStart) oldOffset += oldLines[oldLine++].length;
    const removed = oldLines.slice(region.oldStart, region.oldEnd).join('');
    const added = newLines.slice(region.newStart, region.newEnd).join('');
    refine(removed, added, oldOffset, edits);
    oldOffset += removed.length;
    oldLine = region.oldEnd;
  }
  return edits;
}

/** Applies edits made against `text` (as `minimalEdits` returns them: sorted, non-overlapping). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.offset < at || edit.offset + edit.deleteCount > text.length) {
      throw new Error(`edit at offset ${edit.offset} overlaps another edit or the end of the text`);
    }
    result += text.slice(at, edit.offset) + edit.insertText;
    at = edit.offset + edit.deleteCount;
  }
  return result + text.slice(at);
}

/** Appends the token-level edits turning `removed` (at `offset`) into `added`. */
function refine(removed: string, added: string, offset: number, edits: TextEdit[]): void {
  const oldTokens = removed.match(TOKEN) ?? [];
  const newTokens = added.match(TOKEN) ?? [];
  const oldOffsets = offsetsOf(oldTokens, offset);
  const newOffsets = offsetsOf(newTokens, 0);
  for (const region of diffSequences(oldTokens, newTokens)) {
    edits.push({
      offset: oldOffsets[region.oldStart],
      deleteCount: oldOffsets[region.oldEnd] - oldOffsets[region.oldStart],
      insertText: added.slice(newOffsets[region.newStart], newOffsets[region.newEnd]),
    });
  }
}

/** Character offset of each token (from `start`), plus the offset after the last one. */
function offsetsOf(tokens: readonly string[], start: number): number[] {
  const offsets = [start];
  for (const token of tokens) offsets.push(offsets[offsets.length - 1] + token.length);
  return offsets;
}
