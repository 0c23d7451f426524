// Why: a background run's change leaves Tandem as a patch (for the person, for git, for the
// handoff transcript); it must be one that `git apply` takes as it is, built from the same line
// diff as the diff review's hunks so both show the same changes.
import { splitLines } from './lineDiff';
import { diffSequences, type Region } from './sequenceDiff';

const CONTEXT = 3;
const NO_NEWLINE = '\\ No newline at end of file\n';

/**
 * A `git apply`-compatible unified diff of one file (`a/` and `b/` prefixes, 3 lines of
 * context, `\ No newline at end of file` where a side's last line has no `\n`). Both texts are
 * file contents: an empty `oldText` is an empty file, not a missing one. '' when they are equal.
 */
export function toUnifiedDiff(path: string, oldText: string, newText: string): string {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  const regions = diffSequences(oldLines, newLines);
  if (regions.length === 0) return '';
  let patch = `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;
  for (const group of groupByContext(regions)) patch += formatHunk(group, oldLines, newLines);
  return patch;
}

/** Regions whose context would touch or overlap share one hunk. */
function groupByContext(regions: Region[]): Region[][] {
  const groups: Region[][] = [];
  for (const region of regions) {
    const group = groups[groups.length - 1];
    if (group && region.oldStart - group[group.length - 1].oldEnd <= 2 * CONTEXT) group.push(region);
    else groups.push([region]);
  }
  return groups;
}

function formatHunk(group: Region[], oldLines: string[], newLines: string[]): string {
  const first = group[0];
  const last = group[group.length - 1];
  const before = Math.min(CONTEXT, first.oldStart);
  const after = Math.min(CONTEXT, oldLines.length - last.oldEnd);
  const oldStart = first.oldStart - before;
  const newStart = first.newStart - before;
  const oldCount = last.oldEnd + after - oldStart;
  const newCount = last.newEnd + after - newStart;
  let body = '';
  let oldAt = oldStart;
  for (const region of group) {
    for (; oldAt < region.oldStart; oldAt++) body += patchLine(' ', oldLines[oldAt]);
    for (let k = region.oldStart; k < region.oldEnd; k++) body += patchLine('-', oldLines[k]);
    for (let k = region.newStart; k < region.newEnd; k++) body += patchLine('+', newLines[k]);
    oldAt = region.oldEnd;
  }
  for (; oldAt < last.oldEnd + after; oldAt++) body += patchLine(' ', oldLines[oldAt]);
  return `@@ -${rangeOf(oldStart, oldCount)} +${rangeOf(newStart, newCount)} @@\n${body}`;
}

/** `start,count` with a 1-based start; an empty range names the line before it, as diff does. */
function rangeOf(start: number, count: number): string {
  return `${count === 0 ? start : start + 1},${count}`;
}

function patchLine(marker: string, line: string): string {
  return line.endsWith('\n') ? `${marker}${line}` : `${marker}${line}\n${NO_NEWLINE}`;
}
