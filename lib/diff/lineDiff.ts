// Why: hunks, patches, merges and the final replacement of a streamed diff all need the same
// exact line diff; computing it in one place keeps their line numbers and their hunks in agreement.
import { diffArrays } from 'diff';
import type { DiffOp } from './ops';

/** A maximal run of changed lines: old `[oldStart, oldEnd)` became new `[newStart, newEnd)` (0-based). */
export interface LineRegion {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Splits text into lines that keep their `\n`; only the last line may lack one. '' has no lines. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The changed regions between two line lists, in order, separated by at least one equal line. */
export function diffLineRegions(oldLines: readonly string[], newLines: readonly string[]): LineRegion[] {
  let prefix = 0;
  const maxPrefix = Math.min(oldLines.length, newLines.length);
  while (prefix < maxPrefix && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  const maxSuffix = maxPrefix - prefix;
  while (suffix < maxSuffix
    && oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]) suffix++;
  const oldMiddle = oldLines.slice(prefix, oldLines.length - suffix);
  const newMiddle = newLines.slice(prefix, newLines.length - suffix);
  if (oldMiddle.length === 0 && newMiddle.length === 0) return [];

  const regions: LineRegion[] = [];
  let oldAt = prefix;
  let newAt = prefix;
  let open: LineRegion | null = null;
  const changes = oldMiddle.length && newMiddle.length
    ? diffArrays(oldMiddle, newMiddle)
    : [{ added: newMiddle.length > 0, removed: oldMiddle.length > 0, count: oldMiddle.length + newMiddle.length }];
  for (const change of changes) {
    const count = change.count;
    if (!change.added && !change.removed) {
      open = null;
      oldAt += count;
      newAt += count;
      continue;
    }
    if (open === null) {
      open = { oldStart: oldAt, oldEnd: oldAt, newStart: newAt, newEnd: newAt };
      regions.push(open);
    }
    if (change.removed) oldAt += count;
    else newAt += count;
    open.oldEnd = oldAt;
    open.newEnd = newAt;
  }
  return regions;
}

/**
 * An exact line diff as character ops (each run is whole lines), used in place of the streamed
 * diff once the stream ends, because a greedy streamed alignment can look odd.
 */
export function exactLineDiff(original: string, output: string): DiffOp[] {
  const oldLines = splitLines(original);
  const newLines = splitLines(output);
  const ops: DiffOp[] = [];
  let oldAt = 0;
  for (const region of diffLineRegions(oldLines, newLines)) {
    if (region.oldStart > oldAt) ops.push({ kind: 'equal', text: oldLines.slice(oldAt, region.oldStart).join('') });
    if (region.oldEnd > region.oldStart) {
      ops.push({ kind: 'delete', text: oldLines.slice(region.oldStart, region.oldEnd).join('') });
    }
    if (region.newEnd > region.newStart) {
      ops.push({ kind: 'insert', text: newLines.slice(region.newStart, region.newEnd).join('') });
    }
    oldAt = region.oldEnd;
  }
  if (oldAt < oldLines.length) ops.push({ kind: 'equal', text: oldLines.slice(oldAt).join('') });
  return ops;
}
