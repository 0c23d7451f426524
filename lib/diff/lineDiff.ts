// Why: hunks, patches, merges and the final replacement of a streamed diff all work on lines
// that keep their line ends, split the same way, so their line numbers agree.
import type { DiffOp } from './ops';
import { diffSequences } from './sequenceDiff';

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

/**
 * An exact line diff as character ops (each run is whole lines), used in place of the streamed
 * diff once the stream ends, because a greedy streamed alignment can look odd.
 */
export function exactLineDiff(original: string, output: string): DiffOp[] {
  const oldLines = splitLines(original);
  const newLines = splitLines(output);
  const ops: DiffOp[] = [];
  let oldAt = 0;
  for (const region of diffSequences(oldLines, newLines)) {
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
