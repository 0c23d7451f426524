// The next-edit prompt (pure): the person's recent edits of a file, as hunks, and the region of
// the file around the cursor, asking for the one edit that should come next — as a hunk, or NONE.
// Its parser lets the simulated server answer it. The region is whole lines, a fixed number of
// them around the cursor (within a character budget), so the model sees the other places a
// change may belong.
import type { ChatMessage } from '../types';
import { formatHunk, parseHunks, type EditHunk } from './nextEditHunk';

/** Lines of the file around the cursor that the model sees, and their most characters. */
export const REGION_LINES = { before: 60, after: 120 } as const;
export const REGION_CHARS = 16_000;

export type NextEditRegion = {
  /** 1-based line of the region's first line. */
  firstLine: number;
  /** The region's text: whole lines. */
  text: string;
  cursorLine: number;
  cursorColumn: number;
};

export type NextEditContext = { path: string; language: string; edits: EditHunk[]; region: NextEditRegion };

/** Where the model's answer starts: a hunk of the file, or this word when nothing should change. */
export const NO_EDIT = 'NONE';

const HEADER = 'Suggest the next edit.';
const EDITS_OPEN = '\nRecent edits, oldest first:\n<edits>\n';
const EDITS_CLOSE = '\n</edits>\n';
const CODE_OPEN = '\n<code>\n';
const CODE_CLOSE = '\n</code>';
const CODE_LINE = /^Code, lines (\d+)-(\d+), cursor at line (\d+), column (\d+):$/;

export const NEXT_EDIT_SYSTEM =
  'You predict the next edit a programmer makes. Given their recent edits of a file and the code around ' +
  'the cursor, reply with the one edit that should come next elsewhere in the code (the next use of a ' +
  'renamed name, the same change at the matching place), as one hunk: a line "@@ line N" with the ' +
  'file line number of its first line, then each changed line as it is now prefixed by "-", then as it ' +
  'should be prefixed by "+". Copy the "-" lines exactly. No explanation, no code fence. Reply ' +
  `${NO_EDIT} when no edit follows from the recent ones.`;

/**
 * The region of `text` around the cursor's 1-based line: REGION_LINES lines either side, fewer
 * while it is over REGION_CHARS (the cursor's side kept longest below, where edits usually go).
 */
export function regionAround(text: string, cursorLine: number, cursorColumn: number): NextEditRegion {
  const lines = text.split('\n');
  const at = Math.min(Math.max(cursorLine, 1), lines.length) - 1;
  let from = Math.max(0, at - REGION_LINES.before);
  let to = Math.min(lines.length, at + REGION_LINES.after + 1);
  const size = () => lines.slice(from, to).reduce((n, l) => n + l.length + 1, 0);
  while (size() > REGION_CHARS && to - from > 1) {
    if (at - from > (to - at - 1) / 2) from++;
    else to--;
  }
  return { firstLine: from + 1, text: lines.slice(from, to).join('\n'), cursorLine, cursorColumn };
}

/**
 * The hunk of an edit whose new text is at `offset` in `text`: its whole lines, before and after.
 * Null when the text does not show it.
 */
export function hunkOfEdit(text: string, edit: { offset: number; oldText: string; newText: string }): EditHunk | null {
  const end = edit.offset + edit.newText.length;
  if (end > text.length || text.slice(edit.offset, end) !== edit.newText) return null;
  const lineStart = text.lastIndexOf('\n', edit.offset - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl;
  const line = text.slice(0, lineStart).split('\n').length;
  const before = text.slice(lineStart, edit.offset) + edit.oldText + text.slice(end, lineEnd);
  return { line, oldLines: before.split('\n'), newLines: text.slice(lineStart, lineEnd).split('\n') };
}

export function formatNextEditChat(context: NextEditContext): ChatMessage[] {
  const { region } = context;
  const lastLine = region.firstLine + region.text.split('\n').length - 1;
  const user =
    `${HEADER}\nFile: ${context.path} (${context.language})` +
    `${EDITS_OPEN}${context.edits.map(formatHunk).join('\n')}${EDITS_CLOSE}` +
    `Code, lines ${region.firstLine}-${lastLine}, cursor at line ${region.cursorLine}, column ${region.cursorColumn}:` +
    `${CODE_OPEN}${region.text}${CODE_CLOSE}`;
  return [
    { role: 'system', content: NEXT_EDIT_SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The context of a message made by formatNextEditChat, or null when it is not one. */
export function parseNextEditChat(user: string): NextEditContext | null {
  if (!user.startsWith(`${HEADER}\nFile: `) || !user.endsWith(CODE_CLOSE)) return null;
  const editsAt = user.indexOf(EDITS_OPEN);
  const editsEnd = user.indexOf(EDITS_CLOSE, editsAt);
  const codeAt = user.indexOf(CODE_OPEN, editsEnd);
  if (editsAt === -1 || editsEnd === -1 || codeAt === -1) return null;
  const named = /^(.*) \(([^()]*)\)$/.exec(user.slice(HEADER.length + 7, editsAt));
  const code = CODE_LINE.exec(user.slice(editsEnd + EDITS_CLOSE.length, codeAt));
  const edits = parseHunks(user.slice(editsAt + EDITS_OPEN.length, editsEnd));
  if (!named || !code || 'error' in edits) return null;
  return {
    path: named[1]!,
    language: named[2]!,
    edits: edits.hunks,
    region: {
      firstLine: Number(code[1]),
      text: user.slice(codeAt + CODE_OPEN.length, user.length - CODE_CLOSE.length),
      cursorLine: Number(code[3]),
      cursorColumn: Number(code[4]),
    },
  };
}
