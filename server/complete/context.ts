// What the completion model sees around the cursor (pure): the text before it and after it within
// a character budget, cut at line starts so the model never reads half a line at the far ends,
// and where the cursor is in the text from Monaco's 1-based line and column.

/** Characters of text before and after the cursor sent with a request (about 1,500 + 500 tokens). */
export const CONTEXT_BUDGET = { before: 6_000, after: 2_000 } as const;

export type CursorContext = { prefix: string; suffix: string; offset: number };

/** The offset of a 1-based line and column in `text`, or null when the text has no such place. */
export function offsetOf(text: string, line: number, column: number): number | null {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return null;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  const lineLength = (end === -1 ? text.length : end) - start;
  return column - 1 <= lineLength ? start + column - 1 : null;
}

/** The text around `offset`: the cursor line is always whole on its side; further lines while they fit. */
export function cursorContext(
  text: string,
  offset: number,
  budget: { before: number; after: number } = CONTEXT_BUDGET,
): CursorContext {
  let from = Math.max(0, offset - budget.before);
  if (from > 0) {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const next = text.indexOf('\n', from - 1) + 1;
    from = Math.min(next === 0 ? offset : next, lineStart);
  }
  let to = Math.min(text.length, offset + budget.after);
  if (to < text.length) {
    const lineEnd = text.indexOf('\n', offset);
    const last = text.lastIndexOf('\n', to);
    to = Math.max(last < offset ? offset : last, lineEnd === -1 ? text.length : lineEnd);
  }
  return { prefix: text.slice(from, offset), suffix: text.slice(offset, to), offset };
}

/** The text of the cursor line before `offset`. */
export function linePrefixAt(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}
