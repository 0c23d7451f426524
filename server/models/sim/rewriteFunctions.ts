// Rewrites that work on function headers: function → arrow, null check for a parameter, doc
// comment, type annotations. Each returns the new code, or null when it finds nothing to change.
import { commentLine, isJsLike, lineCommentToken } from '../formats/languages';
import { findFunctions, humanize, indentAt, mask, paramName, splitParams, type FunctionHeader } from './functions';

function splice(source: string, start: number, end: number, text: string): string {
  return source.slice(0, start) + text + source.slice(end);
}

function lineStartOf(source: string, index: number): number {
  return source.lastIndexOf('\n', index - 1) + 1;
}

/** `function f(a) {…}` → `const f = (a) => {…};`, and `function (a) {` expressions → `(a) => {`. */
export function toArrowFunctions(code: string, language: string): string | null {
  if (!isJsLike(language)) return null;
  let out = code;
  for (;;) {
    const fn = findFunctions(out, language)
      .filter(
        (f) =>
          (f.kind === 'declaration' || f.kind === 'expression') &&
          !f.isGenerator &&
          f.exported !== 'default' &&
          f.bodyClose !== -1,
      )
      .pop();
    if (fn === undefined) break;
    const headerEnd = fn.paramsOpen;
    const generics =
      out
        .slice(fn.start, headerEnd)
        .match(/<[^()]*>\s*$/)?.[0]
        .trim() ?? '';
    const params = out.slice(fn.paramsOpen, fn.paramsClose + 1);
    const returnType = out.slice(fn.paramsClose + 1, fn.bodyOpen).trimEnd();
    const asyncWord = fn.isAsync ? 'async ' : '';
    const arrow = `${asyncWord}${generics}${params}${returnType} => {`;
    if (fn.kind === 'declaration') {
      out = splice(out, fn.bodyClose, fn.bodyClose + 1, '};');
      const exportWord = fn.exported === 'export' ? 'export ' : '';
      out = splice(out, fn.start, fn.bodyOpen + 1, `${exportWord}const ${fn.name} = ${arrow}`);
    } else {
      out = splice(out, fn.start, fn.bodyOpen + 1, arrow);
    }
  }
  return out === code ? null : out;
}

/** Inserts a guard at the top of the first function taking `name`, or of the range. */
export function addNullCheck(code: string, name: string, language: string): string | null {
  const python = language === 'python';
  if (!isJsLike(language) && !python) return null;
  const functions = findFunctions(code, language);
  const target = functions.find(
    (f) =>
      f.bodyOpen !== -1 && splitParams(code.slice(f.paramsOpen + 1, f.paramsClose)).some((p) => paramName(p) === name),
  );
  const guard = (indent: string) =>
    python
      ? `${indent}if ${name} is None:\n${indent}    raise ValueError("${name} must not be None")\n`
      : `${indent}if (${name} == null) {\n` +
        `${indent}  throw new TypeError('${name} must not be null or undefined');\n${indent}}\n`;
  if (target !== undefined) {
    const eol = code.indexOf('\n', target.bodyOpen);
    const restOfLine = code.slice(target.bodyOpen + 1, eol === -1 ? code.length : eol);
    const bodyIndent = python ? `${indentAt(code, target.start)}    ` : nextIndent(code, target);
    if (restOfLine.trim() === '' && eol !== -1) return splice(code, eol + 1, eol + 1, guard(bodyIndent));
    return splice(
      code,
      target.bodyOpen + 1,
      target.bodyOpen + 1,
      `\n${guard(bodyIndent)}${indentAt(code, target.start)}`,
    );
  }
  if (functions.length > 0 || !new RegExp(`\\b${name}\\b`).test(mask(code, language))) return null;
  const first = code.search(/\S/);
  const at = lineStartOf(code, first);
  return splice(code, at, at, guard(indentAt(code, first)));
}

function nextIndent(code: string, fn: FunctionHeader): string {
  const eol = code.indexOf('\n', fn.bodyOpen);
  const next = eol === -1 ? null : code.slice(eol + 1).match(/^([ \t]*)\S/);
  const own = indentAt(code, fn.start);
  return next && next[1]!.length > own.length ? next[1]! : `${own}  `;
}

/** JSDoc (or a docstring / comment line) for the first function or class in the range. */
export function addDocComment(code: string, language: string): string | null {
  if (language === 'python') return addDocstring(code);
  if (!isJsLike(language)) {
    const m = mask(code, language).match(
      /\b(?:func|fn|fun|function|sub|def|class|struct)\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/,
    );
    if (!m) return null;
    const at = lineStartOf(code, m.index!);
    const token = language === 'rust' ? '///' : lineCommentToken(language);
    const text = `${humanize(m[1]!)}.`;
    return splice(
      code,
      at,
      at,
      `${indentAt(code, m.index!)}${token ? `${token} ${text}` : commentLine(language, text)}\n`,
    );
  }
  const fn = findFunctions(code, language).find((f) => f.name !== null && f.kind !== 'expression');
  const cls = mask(code, language).match(/^[ \t]*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([\w$]+)/m);
  if (!fn && !cls) return null;
  const useClass = cls !== null && (fn === undefined || cls.index! < fn.start);
  const at = useClass ? cls!.index! : lineStartOf(code, fn!.start);
  const indent = indentAt(code, useClass ? at : fn!.start);
  const lines = [`${indent}/**`];
  if (useClass) lines.push(`${indent} * ${humanize(cls![1]!)}.`);
  else {
    lines.push(`${indent} * ${humanize(fn!.name!)}.`);
    for (const p of splitParams(code.slice(fn!.paramsOpen + 1, fn!.paramsClose))) {
      const name = paramName(p);
      if (name !== null) lines.push(`${indent} * @param ${name} - ${humanize(name)}.`);
    }
    const returnType = code.slice(fn!.paramsClose + 1, fn!.bodyOpen === -1 ? fn!.paramsClose + 1 : fn!.bodyOpen);
    if (!/:\s*(?:void|Promise<void>)\s*(?:=>)?\s*$/.test(returnType) && fn!.name !== 'constructor') {
      lines.push(`${indent} * @returns The result.`);
    }
  }
  lines.push(`${indent} */`);
  return splice(code, at, at, `${lines.join('\n')}\n`);
}

function addDocstring(code: string): string | null {
  const fn = findFunctions(code, 'python')[0];
  if (fn === undefined) return null;
  const eol = code.indexOf('\n', fn.bodyOpen);
  if (eol === -1) return null;
  const indent = `${indentAt(code, fn.start)}    `;
  const params = splitParams(code.slice(fn.paramsOpen + 1, fn.paramsClose))
    .map((p) => paramName(p))
    .filter((p): p is string => p !== null && p !== 'self' && p !== 'cls');
  const args =
    params.length === 0
      ? ''
      : `\n\n${indent}Args:\n${params.map((p) => `${indent}    ${p}: ${humanize(p)}.`).join('\n')}\n${indent}`;
  return splice(code, eol + 1, eol + 1, `${indent}"""${humanize(fn.name!)}.${args}"""\n`);
}

/** TypeScript: annotates untyped parameters, inferring from a literal default, else `unknown`. */
export function addTypes(code: string, language: string): string | null {
  if (language !== 'typescript') return null;
  let out = code;
  const functions = findFunctions(code, language).sort((a, b) => b.paramsOpen - a.paramsOpen);
  for (const fn of functions) {
    const params = splitParams(out.slice(fn.paramsOpen + 1, fn.paramsClose));
    const typed = params.map(annotate);
    if (typed.every((t, i) => t === params[i])) continue;
    out = splice(out, fn.paramsOpen + 1, fn.paramsClose, typed.join(','));
  }
  out = out.replace(
    /(^|[=(,:]\s*|\basync\s+)([A-Za-z_$][\w$]*)(\s*=>)/gm,
    (_m, pre: string, name: string, arrow: string) => `${pre}(${name}: unknown)${arrow}`,
  );
  return out === code ? null : out;
}

function annotate(param: string): string {
  const m = param.match(/^(\s*)(\.\.\.)?([A-Za-z_$][\w$]*)(\?)?(\s*)(=\s*([\s\S]*?))?(\s*)$/);
  if (!m) return param; // destructured or already typed
  const [, lead, rest, name, optional, gap, def, value, trail] = m;
  let type = 'unknown';
  if (rest) type = 'unknown[]';
  else if (value !== undefined) {
    const v = value.trim();
    if (/^-?\d[\d_]*(\.\d+)?$/.test(v)) type = 'number';
    else if (/^(['"`]).*\1$/.test(v)) type = 'string';
    else if (v === 'true' || v === 'false') type = 'boolean';
    else if (v === '[]') type = 'unknown[]';
    else if (v === '{}') type = 'Record<string, unknown>';
  }
  return `${lead}${rest ?? ''}${name}${optional ?? ''}: ${type}${gap}${def ?? ''}${trail}`;
}
