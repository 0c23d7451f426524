// Why: the fast lane's answers arrive as markdown, a few hundred characters at a time, and the
// panel re-renders them once per frame while they stream. This is the small subset answers use
// (paragraphs, headings, lists, quotes, rules, fenced code, inline code, bold, italics) parsed to
// plain blocks that React renders as text — model output never becomes HTML here — and a fence
// still open mid-stream is a code block like any other, marked unfinished.

/** A run of text with its marks; `code` runs are shown verbatim. */
export type Inline = { text: string; code?: true; bold?: true; em?: true };

export type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'quote'; inlines: Inline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: Inline[][] }
  | { kind: 'code'; language: string; code: string; closed: boolean }
  | { kind: 'rule' };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^\s*(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;

type ListKind = { ordered: boolean; start: number };

function listKind(line: string): ListKind | null {
  const m = ITEM.exec(line);
  if (!m) return null;
  return m[2] !== undefined ? { ordered: true, start: Number(m[2]) } : { ordered: false, start: 1 };
}

const startsBlock = (line: string) =>
  FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line) || ITEM.test(line);

/** The blocks of a markdown text (complete or still streaming). */
export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      const body: string[] = [];
      i++;
      while (i < lines.length && !close.test(lines[i]!)) body.push(lines[i++]!);
      const closed = i < lines.length;
      if (closed) i++;
      blocks.push({ kind: 'code', language: fence[2]!.toLowerCase(), code: body.join('\n'), closed });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1]!.length, inlines: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ kind: 'quote', inlines: parseInline(quoted.join(' ')) });
      continue;
    }
    const kind = listKind(line);
    if (kind) {
      const { items, next } = readList(lines, i, kind);
      blocks.push({ kind: 'list', ...kind, items: items.map(parseInline) });
      i = next;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && (para.length === 0 || !startsBlock(lines[i]!)))
      para.push(lines[i++]!.trim());
    blocks.push({ kind: 'paragraph', inlines: parseInline(para.join(' ')) });
  }
  return blocks;
}

/** Items of one list (nested items flattened into it); a blank line between items keeps the list going. */
function readList(lines: string[], from: number, kind: ListKind): { items: string[]; next: number } {
  const items: string[] = [];
  let i = from;
  while (i < lines.length) {
    const line = lines[i]!;
    const item = ITEM.exec(line);
    if (item) {
      if (listKind(line)!.ordered !== kind.ordered) break;
      items.push(item[3]!.trim());
      i++;
      continue;
    }
    if (line.trim() === '') {
      let j = i;
      while (j < lines.length && lines[j]!.trim() === '') j++;
      if (j < lines.length && listKind(lines[j]!)?.ordered === kind.ordered) {
        i = j;
        continue;
      }
      break;
    }
    // A lazy continuation line of the current item.
    if (startsBlock(line) || items.length === 0) break;
    items[items.length - 1] += ` ${line.trim()}`;
    i++;
  }
  return { items, next: i };
}

/** Inline code (any number of backticks), **bold** and *italics*; `\` escapes a mark. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let bold = false;
  let em = false;
  let buf = '';
  const marks = () => ({ ...(bold ? { bold: true as const } : {}), ...(em ? { em: true as const } : {}) });
  const flush = () => {
    if (buf) out.push({ text: buf, ...marks() });
    buf = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && i + 1 < src.length && /[\\`*_#>[\]-]/.test(src[i + 1]!)) {
      buf += src[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(src.slice(i))![0];
      const close = src.indexOf(run, i + run.length);
      if (close !== -1 && src[close + run.length] !== '`') {
        flush();
        const code = src.slice(i + run.length, close);
        const trimmed = /^ .* $/.test(code) && code.trim() !== '' ? code.slice(1, -1) : code;
        out.push({ text: trimmed, code: true, ...marks() });
        i = close + run.length;
        continue;
      }
      buf += run;
      i += run.length;
      continue;
    }
    if (src.startsWith('**', i) && (bold ? /\S/.test(src[i - 1] ?? '') : closes(src, i + 2, '**'))) {
      flush();
      bold = !bold;
      i += 2;
      continue;
    }
    if (c === '*' && (em ? /\S/.test(src[i - 1] ?? '') : closes(src, i + 1, '*'))) {
      flush();
      em = !em;
      i++;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/** An opening mark at `from` (before the text) has text right after it and a closing mark later. */
function closes(src: string, from: number, mark: string): boolean {
  if (!/\S/.test(src[from] ?? '') || src.startsWith('*', from)) return false;
  for (let at = src.indexOf(mark, from + 1); at !== -1; at = src.indexOf(mark, at + 1)) {
    if (/\S/.test(src[at - 1]!) && (mark === '**' || src[at + 1] !== '*')) return true;
  }
  return false;
}

/** What a language is known by: its id, its names and its file extensions (as Monaco lists them). */
export type KnownLanguage = { id: string; aliases?: string[]; extensions?: string[] };

/** The language a fence's tag names (`ts`, `TypeScript`, `py`, `python` …), or `fallback` when it names none. */
export function fenceLanguage(tag: string, known: KnownLanguage[], fallback: string): string {
  const t = tag.trim().toLowerCase();
  if (!t) return fallback;
  const found =
    known.find((l) => l.id.toLowerCase() === t) ??
    known.find((l) => l.aliases?.some((a) => a.toLowerCase() === t)) ??
    known.find((l) => l.extensions?.some((e) => e.toLowerCase() === `.${t}`));
  return found?.id ?? 'plaintext';
}

/** The language of a file by its extension, or plain text. */
export function languageOfFile(path: string, known: KnownLanguage[]): string {
  const dot = path.lastIndexOf('.');
  if (dot === -1) return 'plaintext';
  const ext = path.slice(dot).toLowerCase();
  return known.find((l) => l.extensions?.some((e) => e.toLowerCase() === ext))?.id ?? 'plaintext';
}
