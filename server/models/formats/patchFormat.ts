// The apply_patch envelope (Codex's patch format) that the agent's apply_patch tool takes: its
// marker lines, read by server/agents/patch/parsePatch.ts, and buildPatch, which writes one from
// before/after file contents — the project's exact line diff (lib/diff diffSequences, bounded work
// on big files) grouped into hunks with three lines of context.
import { diffSequences } from '../../../lib/diff/sequenceDiff';

/** Lines of the Codex apply_patch envelope. */
export const PATCH_FORMAT = {
  begin: '*** Begin Patch',
  end: '*** End Patch',
  addFile: '*** Add File: ',
  updateFile: '*** Update File: ',
  deleteFile: '*** Delete File: ',
  hunk: '@@',
  endOfFile: '*** End of File',
} as const;

type Op = { op: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;

/** Every line as an op: unchanged lines, and each changed region's removals before its additions. */
function diffLines(before: string[], after: string[]): Op[] {
  const ops: Op[] = [];
  let at = 0;
  for (const region of diffSequences(before, after)) {
    for (; at < region.oldStart; at++) ops.push({ op: ' ', line: before[at]! });
    for (let k = region.oldStart; k < region.oldEnd; k++) ops.push({ op: '-', line: before[k]! });
    for (let k = region.newStart; k < region.newEnd; k++) ops.push({ op: '+', line: after[k]! });
    at = region.oldEnd;
  }
  for (; at < before.length; at++) ops.push({ op: ' ', line: before[at]! });
  return ops;
}

function hunks(ops: Op[]): Op[][] {
  const changed = ops.map((o, k) => (o.op === ' ' ? -1 : k)).filter((k) => k !== -1);
  const out: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const k of changed) {
    if (start !== -1 && k - CONTEXT <= end + CONTEXT) end = k;
    else {
      if (start !== -1) out.push(ops.slice(Math.max(0, start - CONTEXT), end + CONTEXT + 1));
      start = end = k;
    }
  }
  if (start !== -1) out.push(ops.slice(Math.max(0, start - CONTEXT), end + CONTEXT + 1));
  return out;
}

/** Lines of a file; a final newline does not make an extra empty line. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export type FileChange = { path: string; before: string; after: string };

export function buildPatch(changes: FileChange[]): string {
  const lines: string[] = [PATCH_FORMAT.begin];
  for (const change of changes) {
    if (change.before === change.after) continue;
    lines.push(`${PATCH_FORMAT.updateFile}${change.path}`);
    for (const hunk of hunks(diffLines(linesOf(change.before), linesOf(change.after)))) {
      lines.push(PATCH_FORMAT.hunk);
      for (const { op, line } of hunk) lines.push(`${op}${line}`);
    }
  }
  lines.push(PATCH_FORMAT.end);
  return `${lines.join('\n')}\n`;
}
