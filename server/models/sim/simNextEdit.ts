// What the simulated model proposes as the next edit, purely from the prompt: it reads the last of
// the person's recent edits as a change of tokens and repeats it at the next place that still has
// the old form — a renamed identifier → the next whole-word use of the old name; a changed literal
// or argument → the same old text with the same neighbours (`retry(3)` → `retry(5)`). It looks in
// the top-level declaration the edit was made in (the whole region for a top-level edit), from the
// cursor on, then from the declaration's start. Not a language model: a
// deterministic stand-in whose suggestions fit the code well enough to exercise the lane.
import { formatHunk } from '../formats/nextEditHunk';
import { NO_EDIT, type NextEditContext } from '../formats/nextEditPrompt';

const TOKENS = /[A-Za-z_$][\w$]*|\d[\w.]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\s+|[^]/g;
const IDENT = /^[A-Za-z_$][\w$]*$/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The old text to look for (a pattern: a whole word, or text with its neighbours) and its replacement. */
type Change = { find: RegExp; replace: string };

/** The last edit as a token change, or null when it is no one-line change of tokens. */
function changeOf(oldText: string, newText: string): Change | null {
  const a = oldText.match(TOKENS) ?? [];
  const b = newText.match(TOKENS) ?? [];
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const was = a.slice(head, a.length - tail);
  const now = b.slice(head, b.length - tail);
  if (was.length === 0 || was.join('').includes('\n') || now.join('').includes('\n')) return null;
  if (was.length === 1 && now.length === 1 && IDENT.test(was[0]!) && IDENT.test(now[0]!)) {
    return { find: new RegExp(`(?<![\\w$])${escape(was[0]!)}(?![\\w$])`, 'g'), replace: now[0]! };
  }
  // Neighbours: the two tokens before (whitespace between kept) and the one after, on the same line.
  const before: string[] = [];
  for (let i = head - 1; i >= 0 && before.filter((t) => t.trim() !== '').length < 2 && !a[i]!.includes('\n'); i--)
    before.unshift(a[i]!);
  const after = a[a.length - tail]?.includes('\n') === false ? [a[a.length - tail]!] : [];
  if (before.join('').trim() === '' && after.join('').trim() === '') return null;
  const lead = before.join('');
  return {
    find: new RegExp(escape(lead + was.join('') + after.join('')), 'g'),
    replace: lead + now.join('') + after.join(''),
  };
}

const indentOf = (line: string) => line.length - line.trimStart().length;
/** A top-level line that starts something (a closing `}` ends the block before it). */
const topLevel = (line: string) => line.trim() !== '' && indentOf(line) === 0 && !/^[}\])]/.test(line);

/** The lines [from, to) of the top-level declaration holding line index `at` (all, for a top-level edit). */
function blockAround(lines: string[], at: number): { from: number; to: number } {
  if (indentOf(lines[at]!) === 0) return { from: 0, to: lines.length };
  let from = at;
  while (from > 0 && !topLevel(lines[from]!)) from--;
  let to = at + 1;
  while (to < lines.length && !topLevel(lines[to]!)) to++;
  return { from, to };
}

/** The next edit the simulated model proposes: a hunk, or NONE. */
export function simNextEdit(context: NextEditContext): string {
  const last = context.edits[context.edits.length - 1];
  if (!last) return NO_EDIT;
  const change = changeOf(last.oldLines.join('\n'), last.newLines.join('\n'));
  if (change === null) return NO_EDIT;
  const { region } = context;
  const lines = region.text.split('\n');
  const editAt = last.line - region.firstLine;
  if (editAt < 0 || editAt >= lines.length) return NO_EDIT;
  const block = blockAround(lines, editAt);
  const cursorAt = Math.min(Math.max(region.cursorLine - region.firstLine, block.from), block.to - 1);
  const order = [
    ...Array.from({ length: block.to - cursorAt }, (_, i) => cursorAt + i),
    ...Array.from({ length: cursorAt - block.from }, (_, i) => block.from + i),
  ];
  for (const i of order) {
    const line = lines[i]!;
    const startColumn = i === cursorAt && region.cursorLine - region.firstLine === i ? region.cursorColumn - 1 : 0;
    change.find.lastIndex = startColumn;
    const hit =
      change.find.exec(line) ?? (startColumn > 0 ? ((change.find.lastIndex = 0), change.find.exec(line)) : null);
    if (!hit) continue;
    const next = line.slice(0, hit.index) + change.replace + line.slice(hit.index + hit[0].length);
    return `${formatHunk({ line: region.firstLine + i, oldLines: [line], newLines: [next] })}\n`;
  }
  return NO_EDIT;
}
