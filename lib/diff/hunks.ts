// Why: diff review accepts or rejects a change hunk by hunk (Zed's ActionLog, codex #3570); a hunk
// needs an id that stays the same while the person edits elsewhere, and applying a chosen subset
// must never touch the lines of the hunks left out.
import { contentHash, UniqueIds } from './hash';
import { splitLines } from './lineDiff';
import { diffSequences } from './sequenceDiff';

/**
 * One changed region of a line diff, without context. Lines are 0-based: old lines
 * `[oldStart, oldStart + oldCount)` became new lines `[newStart, newStart + newCount)`; an
 * insertion has `oldCount` 0 and goes before old line `oldStart`. The texts keep their `\n`s.
 */
export interface Hunk {
  /** From the hunk's content (and its rank among identical hunks), not its position. */
  id: string;
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  oldText: string;
  newText: string;
}

/** The hunks turning `oldText` into `newText`, in order. */
export function diffHunks(oldText: string, newText: string): Hunk[] {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const ids = new UniqueIds();
  return diffSequences(oldLines, newLines).map((region) => {
    const removed = oldLines.slice(region.oldStart, region.oldEnd).join('');
    const added = newLines.slice(region.newStart, region.newEnd).join('');
    return {
      id: ids.next(`h${contentHash(`${removed}\u0000${added}`)}`),
      oldStart: region.oldStart,
      oldCount: region.oldEnd - region.oldStart,
      newStart: region.newStart,
      newCount: region.newEnd - region.newStart,
      oldText: removed,
      newText: added,
    };
  });
}

/**
 * `original` with only the accepted hunks applied (hunks of `diffHunks(original, …)`; ids not
 * among them are ignored). Throws if a hunk does not match `original`.
 */
export function applyHunks(original: string, hunks: readonly Hunk[], acceptedIds: Iterable<string>): string {
  const accepted = new Set(acceptedIds);
  const lines = splitLines(original);
  const sorted = [...hunks].sort((a, b) => a.oldStart - b.oldStart || a.oldCount - b.oldCount);
  let text = '';
  let at = 0;
  for (const hunk of sorted) {
    if (!accepted.has(hunk.id)) continue;
    if (hunk.oldStart < at) throw new Error(`hunk ${hunk.id} overlaps another accepted hunk`);
    const end = hunk.oldStart + hunk.oldCount;
    if (end > lines.length || lines.slice(hunk.oldStart, end).join('') !== hunk.oldText) {
      throw new Error(`hunk ${hunk.id} does not match the text it is applied to`);
    }
    text += lines.slice(at, hunk.oldStart).join('') + hunk.newText;
    at = end;
  }
  return text + lines.slice(at).join('');
}
