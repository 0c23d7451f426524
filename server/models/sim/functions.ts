// Finds function headers in a code range (declarations, expressions, arrows, methods, Python defs)
// for the simulated model's rewrites. Works on a "masked" copy where strings and comments are
// blanked out, so brackets and keywords inside them never confuse the scan; indices match the input.
import { lex } from './lexer';

export type FunctionHeader = {
  kind: 'declaration' | 'expression' | 'arrow' | 'method' | 'def';
  name: string | null;
  /** Index where the header starts (at `export`, `async`, `function`, `const`, the method name, `def`). */
  start: number;
  paramsOpen: number;
  paramsClose: number;
  /** Index of the body's `{` (or Python's `:`), or -1 for an arrow with an expression body. */
  bodyOpen: number;
  /** For `{` bodies: index of the matching `}`; -1 otherwise. */
  bodyClose: number;
  isAsync: boolean;
  isGenerator: boolean;
  exported: 'no' | 'export' | 'default';
};

export function mask(source: string, language: string): string {
  return lex(source, language)
    .map((s) => (s.kind === 'code' ? s.text : s.text.replace(/[^\n]/g, ' ')))
    .join('');
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Index of the bracket closing the one at `open`, or -1. */
export function matchBracket(masked: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < masked.length; i++) {
    const c = masked[i]!;
    if (c === '(' || c === '[' || c === '{') stack.push(CLOSER[c]!);
    else if (c === ')' || c === ']' || c === '}') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Splits a parameter list at top-level commas (ignoring empty trailing parts). */
export function splitParams(params: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < params.length; i++) {
    const c = params[i];
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && params[i - 1] !== '=')) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(params.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(params.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

/** The bare name of a parameter (`...args: T[] = []` → `args`), or null when destructured. */
export function paramName(param: string): string | null {
  const m = param.trim().match(/^(?:\.\.\.)?([A-Za-z_$][\w$]*)/);
  return m ? m[1]! : null;
}

const CONTROL = /\b(?:if|for|while|switch|catch|with|return|typeof|await|new|super)\s*$/;

export function findFunctions(source: string, language: string): FunctionHeader[] {
  const masked = mask(source, language);
  return language === 'python' ? findDefs(masked) : findJs(masked);
}

function findDefs(masked: string): FunctionHeader[] {
  const out: FunctionHeader[] = [];
  for (const m of masked.matchAll(/(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/g)) {
    const paramsOpen = m.index + m[0].length - 1;
    const paramsClose = matchBracket(masked, paramsOpen);
    if (paramsClose === -1) continue;
    const colon = masked.indexOf(':', paramsClose);
    if (colon === -1) continue;
    out.push({
      kind: 'def',
      name: m[1]!,
      start: m.index,
      paramsOpen,
      paramsClose,
      bodyOpen: colon,
      bodyClose: -1,
      isAsync: m[0].startsWith('async'),
      isGenerator: false,
      exported: 'no',
    });
  }
  return out;
}

function findJs(masked: string): FunctionHeader[] {
  const out: FunctionHeader[] = [];
  for (let open = masked.indexOf('('); open !== -1; open = masked.indexOf('(', open + 1)) {
    const paramsClose = matchBracket(masked, open);
    if (paramsClose === -1) continue;
    const after = masked.slice(paramsClose + 1, paramsClose + 400);
    const tail = after.match(/^\s*(?::\s*[^={;()]+?)?\s*(?:(=>)\s*(\{)?|(\{))/);
    if (!tail) continue;
    const arrow = tail[1] !== undefined;
    const brace = tail[2] !== undefined || tail[3] !== undefined;
    const bodyOpen = brace ? paramsClose + tail[0].length : -1; // the `{` ends the tail
    const lineStart = masked.lastIndexOf('\n', open - 1) + 1;
    const before = masked.slice(lineStart, open);
    if (CONTROL.test(before)) continue;
    const header = classify(before, arrow);
    if (header === null) continue;
    out.push({
      ...header,
      start: lineStart + header.offset,
      paramsOpen: open,
      paramsClose,
      bodyOpen,
      bodyClose: bodyOpen === -1 ? -1 : matchBracket(masked, bodyOpen),
    });
  }
  return out;
}

type Classified = Pick<FunctionHeader, 'kind' | 'name' | 'isAsync' | 'isGenerator' | 'exported'> & { offset: number };

function classify(before: string, arrow: boolean): Classified | null {
  const generics = String.raw`(?:<[^()]*>)?\s*`;
  const fn = before.match(
    new RegExp(String.raw`(export\s+(default\s+)?)?(async\s+)?function\s*(\*)?\s*([\w$]+)?\s*${generics}$`),
  );
  if (fn && !arrow) {
    const expression = !/^\s*$/.test(before.slice(0, fn.index)) || (fn[5] === undefined && !fn[2]);
    return {
      kind: expression ? 'expression' : 'declaration',
      name: fn[5] ?? null,
      offset: fn.index!,
      isAsync: fn[3] !== undefined,
      isGenerator: fn[4] !== undefined,
      exported: fn[2] ? 'default' : fn[1] ? 'export' : 'no',
    };
  }
  if (arrow) {
    const a = before.match(
      new RegExp(String.raw`(?:(export\s+)?(?:const|let|var)\s+([\w$]+)\s*(?::[^=]+)?=\s*)?(async\s*)?${generics}$`),
    );
    if (!a) return null;
    return {
      kind: 'arrow',
      name: a[2] ?? null,
      offset: a[2] ? a.index! : a.index! + (a[0].length - a[0].trimStart().length),
      isAsync: a[3] !== undefined,
      isGenerator: false,
      exported: a[1] ? 'export' : 'no',
    };
  }
  const method = before.match(
    new RegExp(
      String.raw`^\s*((?:(?:public|private|protected|static|readonly|override|async|get|set)\s+)*)` +
        String.raw`(\*)?([\w$]+)\s*\??\s*${generics}$`,
    ),
  );
  if (!method) return null;
  return {
    kind: 'method',
    name: method[3]!,
    offset: method[0].length - method[0].trimStart().length,
    isAsync: /\basync\b/.test(method[1]!),
    isGenerator: method[2] !== undefined,
    exported: 'no',
  };
}

/** The whitespace at the start of the line holding `index`. */
export function indentAt(source: string, index: number): string {
  const lineStart = source.lastIndexOf('\n', index - 1) + 1;
  return source.slice(lineStart).match(/^[ \t]*/)![0];
}

/** "calculateTotal" / "calculate_total" → "Calculate total". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_$]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
