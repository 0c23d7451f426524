// Why: "Alternatives ×N" (issue 12) streams N rewrites of one range side by side for the person to
// pick from, so on the simulator they must be genuinely different takes that each still do what
// the instruction says (a rename that also fixes comments, or related names; a one-line comment
// instead of a JSDoc; an early return instead of a throw …). Alternative 1 (index 0) is exactly the
// plain rewrite; index k is the k-th distinct take for the instruction; when the takes run out, it
// is the plain rewrite under a labelled note saying so, so the N texts always differ. Pure.
import { commentLine, isJsLike, normaliseLanguage } from '../formats/languages';
import type { EditRequest } from '../formats/editRequest';
import { ic, readFacts } from './codeFacts';
import { findFunctions, indentAt, mask } from './functions';
import type { Instruction } from './instructions';
import { lex, type Segment } from './lexer';
import {
  answerEdit,
  applyInstruction,
  changeStringCase,
  continueOrRestart,
  editRewrite,
  effectiveInstruction,
  SIM_EDITS,
  SIM_LABEL,
} from './rewrites';

/** Another take: from the original code and the plain rewrite; null when it does not apply here. */
type Take = (code: string, base: string, language: string) => string | null;

/** The text to stream for alternative `request.alternative.index` of an edit request. */
export function answerAlternative(request: EditRequest): string {
  const index = request.alternative?.index ?? 0;
  if (index === 0) return answerEdit(request);
  const language = normaliseLanguage(request.language, request.path);
  const instruction = effectiveInstruction(request);
  const takes = alternativeTakes(request.code, editRewrite(request), instruction, language);
  return continueOrRestart(takes[index] ?? noted(takes[0]!, index, language), request.partial);
}

/** The distinct rewrites for an instruction, the plain one first (only it when nothing is found to change). */
export function alternativeTakes(code: string, base: string, instruction: Instruction, language: string): string[] {
  const takes = [base];
  if (instruction.kind !== 'unknown' && applyInstruction(code, instruction, language) === null) return takes;
  for (const take of takesFor(instruction, language)) {
    const out = take(code, base, language);
    if (out !== null && !takes.includes(out)) takes.push(out);
  }
  return takes;
}

function noted(base: string, index: number, language: string): string {
  const note = `${SIM_LABEL} alternative ${index + 1}: no other take found; the same as alternative 1`;
  return `${indentAt(base, Math.max(0, base.search(/\S/)))}${commentLine(language, note)}\n${base}`;
}

function takesFor(instruction: Instruction, language: string): Take[] {
  switch (instruction.kind) {
    case 'rename': {
      const { from, to } = instruction;
      return [
        (code) => renameIn(code, from, to, language, { comments: true }),
        (code) => renameIn(code, from, to, language, { related: true }),
        (code) => renameIn(code, from, to, language, { comments: true, strings: true, related: true }),
      ];
    }
    case 'doc-comment':
      return [1, 2, 3].map((style) => (code: string, base: string) => docTake(code, base, language, style));
    case 'null-check':
      return nullCheckTakes(instruction.name, language);
    case 'arrow-function':
      return [concise, (_code, base) => bareParam(base), (_code, base) => bareParam(concise(_code, base) ?? base)];
    case 'async-await':
      return [(_code, base) => withTryCatch(base, language)];
    case 'string-case':
      return [(code) => changeStringCase(code, instruction.upper, language, (literal) => /\s/.test(literal))];
    case 'add-types':
      return [
        (_code, base) => typesByUsage(base, language),
        (_code, base) => typesByName(base),
        (_code, base) => typesByName(typesByUsage(base, language) ?? base),
      ];
    case 'unknown': {
      const said = `"${instruction.text.replace(/\s+/g, ' ')}"`;
      const below = commentLine(language, `${SIM_LABEL} did not understand ${said}; the code above is unchanged`);
      const help = commentLine(language, `${SIM_LABEL} cannot do ${said}. It can: ${SIM_EDITS}`);
      return [
        (code) => (code.endsWith('\n') ? `${code}${below}\n` : `${code}\n${below}`),
        (code) => `${indentAt(code, Math.max(0, code.search(/\S/)))}${help}\n${code}`,
      ];
    }
  }
}

// ---- rename -------------------------------------------------------------------------------------

type Reach = { comments?: boolean; strings?: boolean; related?: boolean };

/** Renames in code, and as asked in comments, strings, and names made from the old one (`cartTotal`). */
function renameIn(code: string, from: string, to: string, language: string, reach: Reach): string | null {
  const whole = new RegExp(`(?<![\\w$])${escape(from)}(?![\\w$])`, 'g');
  const renamed = (s: Segment) => {
    if (s.kind === 'code')
      return reach.related
        ? s.text.replace(/[A-Za-z_$][\w$]*/g, (id) => relatedName(id, from, to))
        : s.text.replace(whole, to);
    const reached = s.kind === 'comment' ? reach.comments : reach.strings;
    return reached ? s.text.replace(whole, to) : s.text;
  };
  const out = lex(code, language).map(renamed).join('');
  return out === code ? null : out;
}

/** `total`→`sum` in an identifier's words: `cartTotal`→`cartSum`, `total_price`→`sum_price`, `MAX_TOTAL`→`MAX_SUM`. */
function relatedName(id: string, from: string, to: string): string {
  if (id === from) return to;
  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return id
    .replace(new RegExp(`^${escape(lower(from))}(?=[A-Z0-9_])`), lower(to))
    .replace(new RegExp(`(?<=[a-z0-9])${escape(upper(from))}(?=[A-Z0-9_]|$)`, 'g'), upper(to))
    .replace(new RegExp(`(?<=_)${escape(lower(from))}(?=_|$)`, 'g'), lower(to))
    .replace(new RegExp(`(?<=^|_)${escape(from.toUpperCase())}(?=_|$)`, 'g'), to.toUpperCase());
}

function escape(name: string): string {
  return name.replace(/\$/g, '\\$');
}

// ---- doc comment --------------------------------------------------------------------------------

/**
 * Rewrites the plain doc comment (the lines the plain rewrite inserted) in another style:
 * 1 a one-line comment saying what it takes and returns, 2 a one-line doc comment,
 * 3 the full doc comment with what it returns and an example (Python: a one-line docstring,
 * reST fields, a `#` comment above the def).
 */
function docTake(code: string, base: string, language: string, style: number): string | null {
  const lines = code.split('\n');
  const baseLines = base.split('\n');
  const at = lines.findIndex((line, i) => line !== baseLines[i]);
  const block = baseLines.slice(at, at + baseLines.length - lines.length);
  if (at === -1 || block.length === 0) return null;
  const python = language === 'python';
  const indent = block[0]!.match(/^\s*/)![0];
  const title = (block[isJsLike(language) ? 1 : 0] ?? '')
    .replace(/^\s*(?:\/\*\*|\*|"""|\/\/\/?|#|--)?\s*/, '')
    .replace(/(?:""")?\s*$/, '')
    .replace(/\.$/, '');
  const fns = readFacts(code, language).fns.filter((f) => f.name !== null);
  // The documented function: Python's docstring sits in its body, other comments right above it.
  const fn = python ? fns.filter((f) => f.from <= at).pop() : fns.find((f) => f.from === at + 1);
  const params = (fn?.params ?? []).filter((p) => p !== 'self' && p !== 'cls');
  const ret = fn?.returns[0]?.expr;
  const says = `${title}${params.length > 0 ? `; takes ${params.join(', ')}` : ''}${ret ? `; returns ${ret}` : ''}.`;
  const insert = (index: number, text: string[]) =>
    [...lines.slice(0, index), ...text, ...lines.slice(index)].join('\n');
  if (python) {
    if (style === 1) return insert(at, [`${indent}"""${title}."""`]);
    const fields = [...params.map((p) => `:param ${p}: ${p}.`), ...(ret ? [`:returns: ${ret}`] : [])];
    if (style === 2)
      return insert(at, [`${indent}"""${title}.`, '', ...fields.map((f) => `${indent}${f}`), `${indent}"""`]);
    return fn ? insert(fn.from - 1, [`${lines[fn.from - 1]!.match(/^\s*/)![0]}# ${says}`]) : null;
  }
  if (!isJsLike(language)) return style === 1 ? insert(at, [`${indent}${commentLine(language, says)}`]) : null;
  if (style === 1) return insert(at, [`${indent}// ${says}`]);
  if (style === 2) return insert(at, [`${indent}/** ${title}. */`]);
  if (fn === undefined) return null;
  const full = block.slice(0, -1).map((l) => (ret && /@returns/.test(l) ? `${indent} * @returns ${ic(ret)}.` : l));
  full.push(`${indent} * @example`, `${indent} * ${fn.name!}(${fn.params.join(', ')})`, block[block.length - 1]!);
  return insert(at, full);
}

// ---- null check ---------------------------------------------------------------------------------

function nullCheckTakes(name: string, language: string): Take[] {
  if (language === 'python') {
    const guard = new RegExp(
      `^([ \\t]*)if ${name} is None:\\n[ \\t]*raise ValueError\\("${name} must not be None"\\)\\n`,
      'm',
    );
    return [
      (_code, base) => swap(base, guard, (i) => `${i}if ${name} is None:\n${i}    return None\n`),
      (_code, base) => swap(base, guard, (i) => `${i}assert ${name} is not None, "${name} must not be None"\n`),
    ];
  }
  // The plain rewrite's guard (rewriteFunctions.ts addNullCheck), which the takes replace.
  const n = escape(name);
  const thrown = `throw new TypeError\\('${n} must not be null or undefined'\\);`;
  const guard = new RegExp(`^([ \\t]*)if \\(${n} == null\\) \\{\\n[ \\t]*${thrown}\\n[ \\t]*\\}\\n`, 'm');
  return [
    (_code, base) => swap(base, guard, (i) => `${i}if (${name} == null) return;\n`),
    (code) => optionalChaining(code, name, language),
    (_code, base) =>
      swap(
        base,
        guard,
        (i) => `${i}if (${name} == null) {\n${i}  console.warn('${name} is missing');\n${i}  return;\n${i}}\n`,
      ),
  ];
}

function swap(base: string, guard: RegExp, by: (indent: string) => string): string | null {
  const m = guard.exec(base);
  return m ? base.slice(0, m.index) + by(m[1]!) + base.slice(m.index + m[0].length) : null;
}

/** `user.name` → `user?.name`, `user[k]` → `user?.[k]`, in code only. */
function optionalChaining(code: string, name: string, language: string): string | null {
  const use = new RegExp(`(?<![\\w$.])${escape(name)}(\\.|\\[)`, 'g');
  const out = lex(code, language)
    .map((s) =>
      s.kind === 'code' ? s.text.replace(use, (_m, op: string) => `${name}?.${op === '[' ? '[' : ''}`) : s.text,
    )
    .join('');
  return out === code ? null : out;
}

// ---- arrow functions, async/await, types --------------------------------------------------------

/** Arrows whose block body is only `return x;` get the concise body `=> x`. */
function concise(_code: string, base: string): string | null {
  const out = base.replace(/=>\s*\{\s*return\s+([^;{}\n]+?);?\s*\}/g, '=> $1');
  return out === base ? null : out;
}

/** `(x) =>` → `x =>` for a single untyped parameter. */
function bareParam(text: string): string | null {
  const out = text.replace(
    /\((\s*[A-Za-z_$][\w$]*\s*)\)(\s*=>)/g,
    (_m, param: string, arrow: string) => `${param.trim()}${arrow}`,
  );
  return out === text ? null : out;
}

/** The first async function's body wrapped in try/catch, rethrowing with what failed as the message. */
function withTryCatch(base: string, language: string): string | null {
  const fn = findFunctions(base, language).find((f) => f.isAsync && f.bodyClose !== -1);
  if (fn === undefined) return null;
  const inner = /^\n([\s\S]*\n)([ \t]*)$/.exec(base.slice(fn.bodyOpen + 1, fn.bodyClose));
  if (!inner) return null;
  const pad = inner[1]!.match(/^[ \t]*/)![0];
  const body = inner[1]!.replace(/^(?=[ \t]*\S)/gm, '  ');
  const what = fn.name ?? 'the call';
  const wrapped =
    `\n${pad}try {\n${body}${pad}} catch (error) {\n` +
    `${pad}  throw new Error('${what} failed', { cause: error });\n${pad}}\n${inner[2]}`;
  return base.slice(0, fn.bodyOpen + 1) + wrapped + base.slice(fn.bodyClose);
}

/**
 * `unknown` parameter types inferred from how the code uses them: arithmetic → `number`, string
 * methods → `string`, array methods → `unknown[]`, properties read → an object type of them.
 */
function typesByUsage(base: string, language: string): string | null {
  const masked = mask(base, language);
  const out = base.replace(/\b([A-Za-z_$][\w$]*)(\??): unknown\b(?!\[)/g, (m, name: string, optional: string) => {
    const type = usedAs(masked, name);
    return type === null ? m : `${name}${optional}: ${type}`;
  });
  return out === base ? null : out;
}

function usedAs(masked: string, name: string): string | null {
  const arithmetic = (operand: string) =>
    new RegExp(`(?<![\\w$.])${operand}\\s*(?:[*/%]|-(?![-=>]))|[*/%-]\\s*${operand}(?![\\w$.])`).test(masked);
  const n = escape(name);
  if (arithmetic(n)) return 'number';
  const method = (names: string) => new RegExp(`(?<![\\w$.])${n}\\.(?:${names})\\(`).test(masked);
  if (method('trim|toUpperCase|toLowerCase|split|startsWith|endsWith|padStart|replace')) return 'string';
  if (method('map|filter|reduce|forEach|some|every|find|push|slice|join')) return 'unknown[]';
  const read = masked.matchAll(new RegExp(`(?<![\\w$.])${n}\\.([A-Za-z_$][\\w$]*)(?!\\s*\\()`, 'g'));
  const props = [...new Set([...read].map((m) => m[1]!))].sort();
  if (props.length === 0) return null;
  return `{ ${props.map((p) => `${p}: ${arithmetic(`${n}\\.${escape(p)}`) ? 'number' : 'unknown'}`).join('; ')} }`;
}

/** `unknown` parameter types guessed from their names instead (`items` → `unknown[]`, `count` → `number`). */
function typesByName(base: string): string | null {
  const out = base.replace(/\b([A-Za-z_$][\w$]*)(\??): unknown\b(?!\[)/g, (m, name: string, optional: string) => {
    const type = /^(?:is|has|should|can)[A-Z_]|^(?:enabled|visible|done|ok)$/.test(name)
      ? 'boolean'
      : /(?:count|total|amount|price|rate|index|size|length|qty|quantity|max|min|ms|age|limit|offset)$/i.test(name)
        ? 'number'
        : /(?:name|text|label|title|path|url|key|message|str|id)$/i.test(name)
          ? 'string'
          : /(?:items|list|array|[^su]s)$/i.test(name)
            ? 'unknown[]'
            : null;
    return type === null ? m : `${name}${optional}: ${type}`;
  });
  return out === base ? null : out;
}
