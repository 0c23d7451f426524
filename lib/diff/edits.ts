// Why: accepting a ghost edit or reloading a file changed on disk must not replace the whole
// shared document: that would move every collaborator's cursor and bloat the CRDT history. This
// turns two texts into the few small character edits that touch only what changed.
import { diffArrays } from 'diff';
import { diffLineRegions, splitLines } from './lineDiff';

/** Replace `deleteCount` characters at `offset` (in the old text) with `insertText`. */
export interface TextEdit {
  offset: number;
  deleteCount: number;
  insertText: string;
}

/** Changed regions larger than this (in tokens per side) are replaced whole, after trimming. */
const MAX_REFINED_TOKENS = 4000;

/** Identifiers, runs of horizontal space, line ends, and single other characters (code points). */
const TOKEN = /[\p{L}\p{N}_$]+|[^\S\n]+|\n|[^]/gu;

/**
 * Non-overlapping edits, sorted by offset, that turn `oldText` into `newText`: a line diff first,
 * then each changed region refined to whole tokens, so that renaming one identifier on a line
 * edits just that identifier.
 */
export function minimalEdits(oldText: string, newText: string): TextEdit[] {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const edits: TextEdit[] = [];
  let oldLine = 0;
  let oldOffset = 0;
  for (const region of diffLineRegions(oldLines, newLines)) {
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
  if (!oldTokens.length || !newTokens.length || oldTokens.length + newTokens.length > MAX_REFINED_TOKENS) {
    edits.push(trimmed(removed, added, offset));
    return;
  }
  let at = offset;
  let pending: TextEdit | null = null;
  for (const change of diffArrays(oldTokens, newTokens)) {
    const text = change.value.join('');
    if (!change.added && !change.removed) {
      if (pending) edits.push(pending);
      pending = null;
      at += text.length;
      continue;
    }
    pending ??= { offset: at, deleteCount: 0, insertText: '' };
    if (change.removed) {
      pending.deleteCount += text.length;
      at += text.length;
    } else {
      pending.insertText += text;
    }
  }
  if (pending) edits.push(pending);
}

/** One edit replacing `removed` with `added`, minus their common prefix and suffix. */
function trimmed(removed: string, added: string, offset: number): TextEdit {
  let prefix = 0;
  const max = Math.min(removed.length, added.length);
  while (prefix < max && removed.charCodeAt(prefix) === added.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix
    && removed.charCodeAt(removed.length - 1 - suffix) === added.charCodeAt(added.length - 1 - suffix)) suffix++;
  return {
    offset: offset + prefix,
    deleteCount: removed.length - prefix - suffix,
    insertText: added.slice(prefix, added.length - suffix),
  };
}
