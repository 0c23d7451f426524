// Why: the simulator's answers and alternative rewrites must say true things about the selected
// code — which functions it holds, their parameters, what they return, where they loop or assign —
// so they read it here once, with the scanners the rewrites use (functions.ts, the lexer's
// masking, so strings and comments never look like code). Also the small markdown helpers that
// quote code back. Pure.
import { isJsLike } from '../formats/languages';
import { findFunctions, mask, matchBracket, paramName, splitParams } from './functions';

/** One line of the range: `n` from 1, its text, and its masked code (strings and comments blanked). */
export type Line = { n: number; text: string; code: string };
export type Return = { line: Line; expr: string };
/** A named function in the range (or, when it has none, the whole range with `name` null). */
export type Fn = { name: string | null; params: string[]; from: number; to: number; returns: Return[] };
export type Facts = { language: string; lines: Line[]; fns: Fn[] };

type Span = Omit<Fn, 'returns'>;

/** A loop statement or an iterating array method. */
export const LOOP = /\b(?:for|while)\b|\.(?:forEach|map|filter|reduce|some|every|find|flatMap)\s*\(/;
/** An assignment (declaration or compound), capturing the name assigned. */
export const ASSIGN = /^\s*(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*(?::[^=]+)?[+\-*/]?=(?![=>])/;

export function readFacts(code: string, language: string): Facts {
  const masked = mask(code, language);
  const maskedLines = masked.split('\n');
  const lines = code.split('\n').map((text, i) => ({ n: i + 1, text, code: maskedLines[i] ?? '' }));
  const spans = functionSpans(code, masked, language, lines);
  const named = spans.filter((s) => s.name !== null);
  const fns = (named.length > 0 ? named : [{ name: null, params: [], from: 1, to: lines.length }]).map((fn) => ({
    ...fn,
    returns: returnsOf(fn, spans, lines),
  }));
  return { language, lines, fns };
}

function functionSpans(code: string, masked: string, language: string, lines: Line[]): Span[] {
  const lineAt = (index: number) => code.slice(0, index).split('\n').length;
  const params = (from: number, to: number) => splitParams(code.slice(from, to)).map((p) => paramName(p) ?? p.trim());
  if (isJsLike(language) || language === 'python') {
    return findFunctions(code, language).map((h) => {
      const from = lineAt(h.start);
      const to = h.bodyClose !== -1 ? lineAt(h.bodyClose) : language === 'python' ? pythonEnd(lines, from) : from;
      return { name: h.name, params: params(h.paramsOpen + 1, h.paramsClose), from, to };
    });
  }
  // Other languages: a keyword, a name and a parameter list (`func Sum(xs []int)`, `fn area(r: f64)`).
  const headers = masked.matchAll(/\b(?:func|fn|fun|sub|def|function)\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*\(/g);
  return [...headers].map((m) => {
    const open = m.index + m[0].length - 1;
    const close = matchBracket(masked, open);
    return {
      name: m[1]!,
      params: close === -1 ? [] : params(open + 1, close),
      from: lineAt(m.index),
      to: lines.length,
    };
  });
}

/** The last line of a Python def's body: the lines indented deeper than the `def`. */
function pythonEnd(lines: Line[], from: number): number {
  const indent = (l: Line) => l.text.match(/^\s*/)![0].length;
  let to = from;
  for (const l of lines.slice(from)) {
    if (l.code.trim() === '') continue;
    if (indent(l) <= indent(lines[from - 1]!)) break;
    to = l.n;
  }
  return to;
}

/** The function's own `return`s (not those of functions nested in it), or an arrow's expression body. */
function returnsOf(fn: Span, spans: Span[], lines: Line[]): Return[] {
  const nested = spans.filter((s) => s !== fn && s.from >= fn.from && s.to <= fn.to);
  const own = lines.slice(fn.from - 1, fn.to).filter((l) => !nested.some((s) => s.from < l.n && l.n < s.to));
  return own.flatMap((line) => {
    const at = line.code.search(/\breturn\b/);
    const arrow = line.n === fn.from && fn.name !== null ? /=>\s*(?=[^\s{])/.exec(line.code) : null;
    const start = at !== -1 ? at + 'return'.length : arrow ? arrow.index + arrow[0].length : -1;
    return start === -1 ? [] : [{ line, expr: line.text.slice(start).trim().replace(/;$/, '') }];
  });
}

export function bodyOf(facts: Facts, fn: Fn): Line[] {
  return facts.lines.slice(fn.from - 1, fn.to);
}

/** The function named `focus` when there is one, else all of them. */
export function focused(facts: Facts, focus: string | null): Fn[] {
  const hit = facts.fns.filter((f) => f.name === focus);
  return hit.length > 0 ? hit : facts.fns;
}

/** The first line with code on it (the range's key line when nothing better is known). */
export function firstCodeLine(facts: Facts): Line {
  return facts.lines.find((l) => l.code.trim() !== '') ?? facts.lines[0]!;
}

export function signature(fn: Fn): string {
  return fn.name === null ? 'the selection' : `\`${fn.name}(${fn.params.join(', ')})\``;
}

/** Inline code: whitespace collapsed, cut to a readable length, safe with backticks inside. */
export function ic(code: string): string {
  const flat = code.replace(/\s+/g, ' ').trim();
  const cut = flat.length > 70 ? `${flat.slice(0, 69)}…` : flat;
  return cut.includes('`') ? `\`\` ${cut} \`\`` : `\`${cut}\``;
}

/** A fenced code block of `lines`, dedented, tagged with the language. */
export function fence(language: string, lines: string[]): string {
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.match(/^\s*/)![0].length));
  return ['```' + language, ...lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)), '```'].join('\n');
}

/** Quotes lines of the range in a code block, in order, each once. */
export function quote(facts: Facts, lines: (Line | undefined)[]): string {
  const shown = [...new Set(lines.filter((l): l is Line => l !== undefined))].sort((a, b) => a.n - b.n);
  return fence(
    facts.language,
    shown.map((l) => l.text),
  );
}

/** A whole-word pattern for an identifier. */
export function word(name: string, flags = ''): RegExp {
  return new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, flags);
}

/** `result = f(params)` as an example call, with `list` (if given) passed as an empty list. */
export function callExample(facts: Facts, fn: Fn, list: string | null = null): string[] {
  if (fn.name === null) return [];
  const args = fn.params.map((p) => (p === list ? '[]' : p));
  return [`${facts.language === 'python' ? '' : 'const '}result = ${fn.name}(${args.join(', ')})`];
}
