// Builds apply_patch envelopes (agentTools.ts PATCH_FORMAT) from before/after file contents: a
// line diff (LCS after trimming the common head and tail — files here are small) grouped into
// hunks with three lines of context.
import { PATCH_FORMAT } from './agentTools';

type Op = { op: ' ' | '-' | '+'; line: string };

const CONTEXT = 3;

export function diffLines(before: string[], after: string[]): Op[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < after.length - head &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = before.slice(0, head).map((line) => ({ op: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', line: a[i++]! });
    else ops.push({ op: '+', line: b[j++]! });
  }
  for (const line of before.slice(before.length - tail)) ops.push({ op: ' ', line });
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
