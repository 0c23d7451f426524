// What the completion model sees around the cursor (pure): the text before it and after it within
// a character budget, cut at line starts so the model never reads half a line at the far ends,
// and where the cursor is in the text from Monaco's 1-based line and column; and the header the
// model reads first: the file's path and language, its imports and related snippets of the
// person's other open documents, within a budget.
import { commentLine } from '../models/formats/languages';

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

/** Characters for what comes with the text around the cursor — path, imports, snippets (~500 tokens). */
export const HEADER_BUDGET = 2_000;
/** Lines of one snippet of another open document, and how many snippets at most. */
export const SNIPPET_LINES = 10;
export const MAX_SNIPPETS = 3;

export type OpenDoc = { path: string; text: string };
export type Snippet = { path: string; text: string; score: number };

const IMPORT_START =
  /^\s*(import[\s{*'"]|export\s+(\*|\{)|from\s+\S+\s+import\s|use\s+[\w:]|#include\s|(const|let|var)\s+.+=\s*require\()/;

/** The file's import statements, each whole (a multi-line `import {…} from` included), in order. */
export function importLines(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!IMPORT_START.test(lines[i]!)) continue;
    // `import {` opens a list that may run over several lines, up to its `}`.
    let end = i;
    if (/\{[^}]*$/.test(lines[i]!)) while (end < lines.length - 1 && end - i < 50 && !lines[end]!.includes('}')) end++;
    out.push(lines.slice(i, end + 1).join('\n'));
    i = end;
  }
  return out;
}

function identifiers(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_$][\w$]{2,}/g) ?? []);
}

/**
 * The windows of the other open documents most like `near` (the code around the cursor): windows of
 * SNIPPET_LINES lines, scored by the overlap of their identifiers with it (Jaccard; the word being
 * typed matches the longer words it starts), best first,
 * none overlapping another taken from the same document, within `budget` characters.
 */
export function relatedSnippets(near: string, docs: readonly OpenDoc[], budget: number): Snippet[] {
  const target = identifiers(near);
  // The word being typed counts as shared with a window holding a longer word it starts.
  const partial = /[A-Za-z_$][\w$]+$/.exec(near)?.[0];
  if (partial) target.delete(partial);
  if (target.size === 0 && !partial) return [];
  const windows: (Snippet & { from: number })[] = [];
  for (const doc of docs) {
    const lines = doc.text.split('\n');
    for (let from = 0; from < lines.length; from += SNIPPET_LINES / 2) {
      const text = lines.slice(from, from + SNIPPET_LINES).join('\n');
      const mine = identifiers(text);
      let shared = 0;
      for (const w of mine) if (target.has(w)) shared++;
      if (partial && [...mine].some((w) => w.length > partial.length && w.startsWith(partial))) shared++;
      if (shared > 0) windows.push({ path: doc.path, text, from, score: shared / (target.size + mine.size - shared) });
      if (from + SNIPPET_LINES >= lines.length) break;
    }
  }
  windows.sort((a, b) => b.score - a.score);
  const taken: typeof windows = [];
  let used = 0;
  for (const w of windows) {
    if (taken.length === MAX_SNIPPETS) break;
    if (taken.some((t) => t.path === w.path && Math.abs(t.from - w.from) < SNIPPET_LINES)) continue;
    if (used + w.text.length > budget) continue;
    taken.push(w);
    used += w.text.length;
  }
  return taken.map(({ path, text, score }) => ({ path, text, score }));
}

const commented = (language: string, text: string) =>
  text
    .split('\n')
    .map((line) => commentLine(language, line))
    .join('\n');

/**
 * What the model reads before the text around the cursor, as comments of the file's language: its
 * path and language, its imports when the prefix does not reach them, and snippets of the
 * person's other open documents related to the code at the cursor — within HEADER_BUDGET
 * characters (snippets first to go, then imports).
 */
export function promptHeader(input: {
  path: string;
  language: string;
  text: string;
  prefix: string;
  others: readonly OpenDoc[];
  budget?: number;
}): string {
  const budget = input.budget ?? HEADER_BUDGET;
  const { language } = input;
  const head = [commentLine(language, `Path: ${input.path} (${language})`)];
  let used = head[0]!.length + 1;
  const imports = importLines(input.text).filter((line) => !input.prefix.includes(line));
  if (imports.length) {
    const block = commented(language, ['Imports of this file:', ...imports].join('\n'));
    if (used + block.length + 1 <= budget) {
      head.push(block);
      used += block.length + 1;
    }
  }
  const near = input.prefix.split('\n').slice(-SNIPPET_LINES).join('\n');
  for (const s of relatedSnippets(near, input.others, budget - used)) {
    const block = commented(language, `Compare this snippet from ${s.path}:\n${s.text}`);
    if (used + block.length + 1 > budget) continue;
    head.push(block);
    used += block.length + 1;
  }
  return `${head.join('\n')}\n`;
}
