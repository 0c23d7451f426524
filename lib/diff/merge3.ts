// Why: a background run's diff lands on live documents that people kept editing, so diff review
// applies it with a 3-way merge: changes on different lines combine, identical changes count
// once, and overlapping different changes become conflicts that are shown, never dropped.
import { contentHash, UniqueIds } from './hash';
import { diffHunks } from './hunks';
import { splitLines } from './lineDiff';
import { diffSequences } from './sequenceDiff';

/** Base lines `[start, end)` (0-based) replaced by `lines`; `hunkId` when it is a run's hunk. */
interface Change {
  start: number;
  end: number;
  lines: string[];
  hunkId?: string;
}

/** Lines `lines.slice(start, end)` of a text: 0-based, end-exclusive (the protocol's 1-based,
 * inclusive `LineRange` is another shape). */
export interface LineSlice {
  /** 0-based first line. */
  start: number;
  /** 0-based line after the last one. */
  end: number;
}

export interface MergeConflict {
  /** From the conflict's content, so that it stays the same when unrelated lines move. */
  id: string;
  baseRange: LineSlice;
  /** Where the kept (ours) text of the conflict sits in the merged text. */
  resultRange: LineSlice;
  baseText: string;
  oursText: string;
  theirsText: string;
}

export interface MergeResult {
  /** The merge; each conflict region holds OURS. */
  text: string;
  conflicts: MergeConflict[];
  clean: boolean;
}

export interface HunkMergeResult extends MergeResult {
  /** Accepted hunk ids now in the text (including those ours already had). */
  applied: string[];
  /** Accepted hunk ids that overlap a different change of ours; see `conflicts`. */
  conflicted: string[];
}

/** Merges the changes base→ours and base→theirs line by line. */
export function merge3(base: string, ours: string, theirs: string): MergeResult {
  const baseLines = splitLines(base);
  return mergeChanges(baseLines, changesTo(baseLines, ours), changesTo(baseLines, theirs)).result;
}

/**
 * Merges into `ours` only the accepted hunks of `diffHunks(base, theirs)`: diff review's "accept
 * this hunk" on a document that may have changed since the run started from `base`.
 */
export function mergeAcceptedHunks(
  base: string,
  ours: string,
  theirs: string,
  acceptedIds: Iterable<string>,
): HunkMergeResult {
  const accepted = new Set(acceptedIds);
  const baseLines = splitLines(base);
  const theirChanges = diffHunks(base, theirs)
    .filter((hunk) => accepted.has(hunk.id))
    .map((hunk) => ({
      start: hunk.oldStart,
      end: hunk.oldStart + hunk.oldCount,
      lines: splitLines(hunk.newText),
      hunkId: hunk.id,
    }));
  const { result, conflictedHunks } = mergeChanges(baseLines, changesTo(baseLines, ours), theirChanges);
  const ids = theirChanges.map((change) => change.hunkId);
  return {
    ...result,
    applied: ids.filter((id) => !conflictedHunks.has(id)),
    conflicted: ids.filter((id) => conflictedHunks.has(id)),
  };
}

function changesTo(baseLines: readonly string[], text: string): Change[] {
  const lines = splitLines(text);
  return diffSequences(baseLines, lines).map((region) => ({
    start: region.oldStart,
    end: region.oldEnd,
    lines: lines.slice(region.newStart, region.newEnd),
  }));
}

/**
 * Sweeps both change lists in base order, grouping changes that overlap (transitively). A group
 * with one side's changes takes them; with both sides', it takes them if the two results agree
 * and is a conflict (keeping ours) if not.
 */
function mergeChanges(
  baseLines: readonly string[],
  ours: readonly Change[],
  theirs: readonly Change[],
): { result: MergeResult; conflictedHunks: Set<string> } {
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  const conflictedHunks = new Set<string>();
  const ids = new UniqueIds();
  let at = 0;
  let o = 0;
  let t = 0;
  while (o < ours.length || t < theirs.length) {
    const oursGroup: Change[] = [];
    const theirsGroup: Change[] = [];
    let start = Infinity;
    let end = -Infinity;
    let openEnd = false;
    for (;;) {
      const next = pickFirst(ours[o], theirs[t]);
      if (!next || (oursGroup.length + theirsGroup.length > 0 && !joins(start, end, openEnd, next))) break;
      if (next === ours[o]) oursGroup.push(ours[o++]);
      else theirsGroup.push(theirs[t++]);
      start = Math.min(start, next.start);
      end = Math.max(end, next.end);
      openEnd ||= lacksNewline(next.lines);
    }
    append(out, baseLines, at, start);
    const oursLines = applyWithin(baseLines, start, end, oursGroup);
    const theirsLines = applyWithin(baseLines, start, end, theirsGroup);
    const agree = oursLines.join('') === theirsLines.join('');
    if (theirsGroup.length && oursGroup.length && !agree) {
      const baseText = baseLines.slice(start, end).join('');
      const oursText = oursLines.join('');
      const theirsText = theirsLines.join('');
      conflicts.push({
        id: ids.next(`c${contentHash(`${baseText}\u0000${oursText}\u0000${theirsText}`)}`),
        baseRange: { start, end },
        resultRange: { start: out.length, end: out.length + oursLines.length },
        baseText,
        oursText,
        theirsText,
      });
      for (const change of theirsGroup) if (change.hunkId) conflictedHunks.add(change.hunkId);
    }
    append(out, oursGroup.length ? oursLines : theirsLines, 0, Infinity);
    at = end;
  }
  append(out, baseLines, at, Infinity);
  return { result: { text: out.join(''), conflicts, clean: conflicts.length === 0 }, conflictedHunks };
}

/** The change that comes first in the base; at equal starts an insertion goes first. */
function pickFirst(a: Change | undefined, b: Change | undefined): Change | undefined {
  if (!a || !b) return a ?? b;
  if (a.start !== b.start) return a.start < b.start ? a : b;
  return a.end <= b.end ? a : b;
}

/**
 * Whether a change overlaps the group `[start, end)`. Touching ranges stay apart (their order is
 * unambiguous), except two insertions at the same place, an insertion strictly inside the other
 * range, or anything after a change whose last line has no `\n` (it ends the file).
 */
function joins(start: number, end: number, openEnd: boolean, change: Change): boolean {
  if (openEnd && change.start >= end) return true;
  if (start === end && change.start === change.end) return start === change.start;
  if (start === end) return change.start < start && start < change.end;
  if (change.start === change.end) return start < change.start && change.start < end;
  return change.start < end && start < change.end;
}

/** Base lines `[start, end)` with one side's changes (all inside that range) applied. */
function applyWithin(baseLines: readonly string[], start: number, end: number, changes: readonly Change[]): string[] {
  const lines: string[] = [];
  let at = start;
  for (const change of changes) {
    append(lines, baseLines, at, change.start);
    append(lines, change.lines, 0, Infinity);
    at = change.end;
  }
  append(lines, baseLines, at, end);
  return lines;
}

/** Pushes `from[start, end)` onto `to` (no spread: files can have more lines than call arguments). */
function append(to: string[], from: readonly string[], start: number, end: number): void {
  const stop = Math.min(end, from.length);
  for (let k = start; k < stop; k++) to.push(from[k]);
}

function lacksNewline(lines: readonly string[]): boolean {
  return lines.length > 0 && !lines[lines.length - 1].endsWith('\n');
}
