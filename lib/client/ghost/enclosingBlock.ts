// The range a fast edit covers when nothing is selected: the innermost block around the caret
// (a line ending in an opening bracket or colon, down to the line that closes it at the same
// indentation), else the caret's line. Pure, on lines of text; 1-based line numbers.
import type { LineRange } from '../../protocol';

const indent = (line: string) => line.length - line.trimStart().length;
const opensBlock = (line: string) => /[{[(:]\s*(\/\/.*)?$/.test(line.trimEnd());
const blank = (line: string) => line.trim() === '';

export function enclosingBlock(lines: readonly string[], caretLine: number): LineRange {
  const at = Math.min(Math.max(caretLine, 1), lines.length) - 1;
  let header = -1;
  if (!blank(lines[at]) && opensBlock(lines[at])) header = at;
  else {
    const base = blank(lines[at]) ? Infinity : indent(lines[at]);
    let need = base;
    for (let i = at - 1; i >= 0; i--) {
      if (blank(lines[i])) continue;
      const ind = indent(lines[i]);
      if (ind < need && opensBlock(lines[i])) {
        header = i;
        break;
      }
      if (ind < need) need = ind;
    }
  }
  if (header < 0) return { startLine: at + 1, endLine: at + 1 };
  const headerIndent = indent(lines[header]);
  for (let i = header + 1; i < lines.length; i++) {
    if (blank(lines[i])) continue;
    if (indent(lines[i]) <= headerIndent) {
      const closes = /^[}\])]/.test(lines[i].trimStart());
      const end = closes ? i : i - 1;
      if (end < at) return { startLine: at + 1, endLine: at + 1 };
      return { startLine: header + 1, endLine: Math.max(end, header) + 1 };
    }
  }
  return { startLine: header + 1, endLine: lines.length };
}

/** A selection's lines; a selection ending at column 1 does not take that last line. */
export function selectionLines(sel: { startLineNumber: number; endLineNumber: number; endColumn: number }): LineRange {
  const end =
    sel.endColumn === 1 && sel.endLineNumber > sel.startLineNumber ? sel.endLineNumber - 1 : sel.endLineNumber;
  return { startLine: sel.startLineNumber, endLine: end };
}
