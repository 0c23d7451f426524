// Why: hunks, patches, merges, minimal edits and the final view of a stream all rest on one exact
// diff of two sequences (lines, or tokens within lines). Myers' diff costs O((N+M)·D), so a file
// rewritten from scratch would block the server for seconds; trimming the common ends and
// setting aside items found on one side only (they cannot match) keeps it exact and fast in
// practice, and a work budget bounds the rest.
import { diffArrays } from 'diff';

/** A maximal run of changed items: old `[oldStart, oldEnd)` became new `[newStart, newEnd)` (0-based). */
export interface Region {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Myers steps allowed per diff (edit length × length of both sides); past it, one coarse region. */
const WORK_BUDGET = 4_000_000;

/** The changed regions between two sequences, in order, separated by at least one equal item. */
export function diffSequences(oldItems: readonly string[], newItems: readonly string[]): Region[] {
  let prefix = 0;
  const maxPrefix = Math.min(oldItems.length, newItems.length);
  while (prefix < maxPrefix && oldItems[prefix] === newItems[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < maxPrefix - prefix &&
    oldItems[oldItems.length - 1 - suffix] === newItems[newItems.length - 1 - suffix]
  )
    suffix++;
  const oldEnd = oldItems.length - suffix;
  const newEnd = newItems.length - suffix;
  if (prefix === oldEnd && prefix === newEnd) return [];

  // Only items present on both sides can match; diff those, then map matches back.
  const oldKept = keptIndices(oldItems, prefix, oldEnd, new Set(newItems.slice(prefix, newEnd)));
  const newKept = keptIndices(newItems, prefix, newEnd, new Set(oldKept.map((k) => oldItems[k])));
  const regions: Region[] = [];
  let oldAt = prefix;
  let newAt = prefix;
  const matchRun = (oldFrom: number, newFrom: number, count: number) => {
    for (let k = 0; k < count; k++) {
      const oldMatch = oldKept[oldFrom + k];
      const newMatch = newKept[newFrom + k];
      if (oldMatch > oldAt || newMatch > newAt) {
        regions.push({ oldStart: oldAt, oldEnd: oldMatch, newStart: newAt, newEnd: newMatch });
      }
      oldAt = oldMatch + 1;
      newAt = newMatch + 1;
    }
  };
  if (oldKept.length && newKept.length) {
    const oldKeptItems = oldKept.map((k) => oldItems[k]);
    const newKeptItems = newKept.map((k) => newItems[k]);
    const maxEditLength = Math.floor(WORK_BUDGET / (oldKept.length + newKept.length));
    const changes = diffArrays(oldKeptItems, newKeptItems, { maxEditLength }) ?? [];
    let oldFrom = 0;
    let newFrom = 0;
    for (const change of changes) {
      if (!change.added && !change.removed) matchRun(oldFrom, newFrom, change.count);
      if (!change.added) oldFrom += change.count;
      if (!change.removed) newFrom += change.count;
    }
  }
  if (oldAt < oldEnd || newAt < newEnd) regions.push({ oldStart: oldAt, oldEnd, newStart: newAt, newEnd });
  return regions;
}

/** Indices in `[start, end)` of the items that `other` contains. */
function keptIndices(items: readonly string[], start: number, end: number, other: ReadonlySet<string>): number[] {
  const kept: number[] = [];
  for (let k = start; k < end; k++) if (other.has(items[k])) kept.push(k);
  return kept;
}
