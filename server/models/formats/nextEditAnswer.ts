// A next-edit answer made into a range edit of the document (pure), or refused: the model's hunk
// must apply cleanly — its `-` and context lines exactly as the document has them, at the line it
// names or, since models miscount lines, at the nearest place within MAX_DRIFT lines — and must
// change something. The edit is the smallest range that differs, so the ghost diff shows only it.
import type { NextEditRange } from '../../../lib/protocol/nextEdit';
import { parseHunks } from './nextEditHunk';
import { NO_EDIT } from './nextEditPrompt';

/** How far (in lines) from the line it names a hunk may be found. */
export const MAX_DRIFT = 10;
const WORD = /[\w$]/;

export type NextEditAnswer = { edit: NextEditRange } | { none: true } | { error: string };

/** The 1-based line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function matchesAt(lines: string[], block: string[], at: number): boolean {
  return at >= 0 && at + block.length <= lines.length && block.every((l, i) => lines[at + i] === l);
}

export function parseNextEditAnswer(answer: string, text: string): NextEditAnswer {
  const fenced = /^\s*```[\w+-]*\n([\s\S]*?)\n?```\s*$/.exec(answer);
  const body = (fenced ? fenced[1]! : answer).replace(/^\s*\n/, '').trimEnd();
  if (body.trim() === '' || body.trim().toUpperCase().replace(/\.$/, '') === NO_EDIT) return { none: true };
  const parsed = parseHunks(body);
  if ('error' in parsed) return { error: `the answer is not a hunk: ${parsed.error}` };
  if (parsed.hunks.length !== 1) return { error: `the answer has ${parsed.hunks.length} hunks, not one` };
  const hunk = parsed.hunks[0]!;
  if (hunk.oldLines.length === 0) return { error: 'the hunk has no "-" or context line to place it' };
  const lines = text.split('\n');
  const named = hunk.line - 1;
  let at = -1;
  for (let d = 0; d <= MAX_DRIFT && at === -1; d++) {
    if (matchesAt(lines, hunk.oldLines, named - d)) at = named - d;
    else if (matchesAt(lines, hunk.oldLines, named + d)) at = named + d;
  }
  if (at === -1) return { error: `the hunk's lines are not in the document at line ${hunk.line}` };
  const start = lines.slice(0, at).reduce((n, l) => n + l.length + 1, 0);
  const oldBlock = hunk.oldLines.join('\n');
  const newBlock = hunk.newLines.join('\n');
  if (oldBlock === newBlock) return { error: 'the hunk changes nothing' };
  let head = 0;
  while (head < oldBlock.length && head < newBlock.length && oldBlock[head] === newBlock[head]) head++;
  let tail = 0;
  while (
    tail < oldBlock.length - head &&
    tail < newBlock.length - head &&
    oldBlock[oldBlock.length - 1 - tail] === newBlock[newBlock.length - 1 - tail]
  )
    tail++;
  // Whole words: `count` → `counter` reads better as that than as `+er`.
  while (
    head > 0 &&
    WORD.test(oldBlock[head - 1]!) &&
    (WORD.test(oldBlock[head] ?? '') || WORD.test(newBlock[head] ?? ''))
  )
    head--;
  while (
    tail > 0 &&
    WORD.test(oldBlock[oldBlock.length - tail] ?? '') &&
    (WORD.test(oldBlock[oldBlock.length - 1 - tail] ?? '') || WORD.test(newBlock[newBlock.length - 1 - tail] ?? ''))
  )
    tail--;
  const offset = start + head;
  return {
    edit: {
      offset,
      oldText: oldBlock.slice(head, oldBlock.length - tail),
      newText: newBlock.slice(head, newBlock.length - tail),
      ...positionOf(text, offset),
    },
  };
}
