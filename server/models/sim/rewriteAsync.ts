// `.then()` chains → async/await, for the simple cases: one-line chains whose callbacks are
// expression-bodied arrows (`return load(id).then((r) => r.json()).then((d) => d.items);`).
// Functions whose own body holds a `.then(` are made `async`. Chains with `.catch`, block bodies
// or several lines are left as they are, but the function is still marked async (the honest minimum).
import { isJsLike } from '../formats/languages';
import { findFunctions, mask, matchBracket, type FunctionHeader } from './functions';

type Step = { param: string | null; body: string };

/** Splits `A.then(cb1).then(cb2)` into A and the callbacks; null when not a simple chain. */
export function splitThenChain(expression: string): { head: string; steps: Step[] } | null {
  const steps: Step[] = [];
  let rest = expression.trim();
  for (;;) {
    const at = lastTopLevelThen(rest);
    if (at === -1) break;
    const open = rest.indexOf('(', at);
    const close = matchBracket(rest, open);
    if (close !== rest.length - 1) return null;
    const cb = rest
      .slice(open + 1, close)
      .trim()
      .match(/^(?:\(\s*([A-Za-z_$][\w$]*)?\s*\)|([A-Za-z_$][\w$]*))\s*=>\s*([\s\S]+)$/);
    if (!cb || cb[3]!.trimStart().startsWith('{')) return null;
    steps.unshift({ param: cb[1] ?? cb[2] ?? null, body: cb[3]!.trim() });
    rest = rest.slice(0, at).trim();
  }
  if (steps.length === 0 || /\.(?:catch|finally)\s*\(/.test(rest)) return null;
  return { head: rest, steps };
}

/** Index of the last `.then(` outside any brackets, scanning from the end. */
function lastTopLevelThen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') depth--;
    else if (depth === 0 && c === '.' && /^\.then\s*\($/.test(text.slice(i, text.indexOf('(', i) + 1))) return i;
  }
  return -1;
}

function rewriteLine(line: string): string | null {
  const m = line.match(/^([ \t]*)(return\s+|(?:const|let|var)\s+[\w$]+\s*=\s*)?(.*?);?\s*$/);
  if (!m) return null;
  const [, indent, lead = '', expression] = m;
  const chain = splitThenChain(expression!);
  if (chain === null) return null;
  const lines: string[] = [];
  let value = chain.head;
  for (const step of chain.steps) {
    lines.push(step.param ? `${indent}const ${step.param} = await ${value};` : `${indent}await ${value};`);
    value = step.body;
  }
  if (lead.startsWith('return')) lines.push(`${indent}return ${value};`);
  else lines.push(lead === '' ? `${indent}${value};` : `${indent}${lead}await ${value};`);
  return lines.join('\n');
}

function ownsIndex(f: FunctionHeader, index: number, all: FunctionHeader[]): boolean {
  const inside = (g: FunctionHeader) => g.bodyClose !== -1 && index > g.bodyOpen && index < g.bodyClose;
  return inside(f) && !all.some((g) => g !== f && inside(g) && g.bodyOpen > f.bodyOpen);
}

function markAsync(code: string, f: FunctionHeader): string {
  const header = code.slice(f.start, f.paramsOpen);
  let at = f.start + (header.length - header.trimStart().length);
  if (f.kind === 'declaration' || f.kind === 'expression') at = f.start + header.search(/\bfunction\b/);
  else if (f.kind === 'arrow' && header.includes('=')) {
    const afterEq = header.slice(header.lastIndexOf('=') + 1);
    at = f.paramsOpen - afterEq.trimStart().length;
  } else if (f.kind === 'arrow') at = f.paramsOpen - header.trimStart().length;
  else if (f.kind === 'method' && f.name !== null) at = f.start + header.lastIndexOf(f.name);
  return `${code.slice(0, at)}async ${code.slice(at)}`;
}

export function toAsyncAwait(code: string, language: string): string | null {
  if (!isJsLike(language)) return null;
  const thens = [...mask(code, language).matchAll(/\.then\s*\(/g)].map((m) => m.index);
  if (thens.length === 0) return null;
  const all = findFunctions(code, language);
  const targets = all
    .filter((f) => !f.isAsync && thens.some((t) => ownsIndex(f, t, all)))
    .sort((a, b) => b.start - a.start);
  let out = code;
  for (const f of targets) out = markAsync(out, f); // last first: earlier indices stay valid
  const masked = mask(out, language);
  let offset = 0;
  out = out
    .split('\n')
    .map((line) => {
      const own = masked.slice(offset, offset + line.length);
      offset += line.length + 1;
      return /\.then\s*\(/.test(own) ? (rewriteLine(line) ?? line) : line;
    })
    .join('\n');
  return out === code ? null : out;
}
