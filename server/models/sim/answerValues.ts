// Why: two kinds of question about the selected code are about values — what it returns for an
// empty list, and why a value comes out negative (−$0.05) or NaN — and a useful answer follows
// the value through the code: a `reduce`'s initial value or a loop's accumulator into the
// assignments and the return, a subtraction that nothing clamps, money in floating point, a
// division by a length. Pure; answers.ts frames the result (label, style, continuation).
import { commentLine } from '../formats/languages';
import { ASSIGN, bodyOf, callExample, fence, firstCodeLine, focused, ic, quote, signature, word } from './codeFacts';
import type { Facts, Fn, Line } from './codeFacts';
import { matchBracket, splitParams } from './functions';

export type Style = { short: boolean; example: boolean; focus: string | null };
export type Ask = { facts: Facts; question: string; style: Style; context: string | null };
/** `short` is the answer in one sentence; `body` the paragraphs after it; `example` lines of code. */
export type Answer = { short: string; body: string[]; example: string[] };

/** Where an accumulator starts: a `reduce`'s initial value, or a variable set before a loop. */
type Start = { line: Line; decl?: Line; name: string | null; init: string; list: string; how: string };

export function emptyInput({ facts, style }: Ask): Answer {
  const fn = focused(facts, style.focus)[0]!;
  const body = bodyOf(facts, fn);
  for (const line of body) {
    const reduce = /([\w$.]+)\.reduce\s*\(/.exec(line.code);
    if (reduce) {
      const open = reduce.index + reduce[0].length - 1;
      const close = matchBracket(line.code, open);
      const args = splitParams(line.text.slice(open + 1, close === -1 ? undefined : close));
      if (args.length < 2 && close !== -1) {
        return {
          short:
            `For an empty \`${reduce[1]}\`, the \`reduce\` on line ${line.n} has no initial value, so it throws ` +
            '`TypeError: Reduce of empty array with no initial value`.',
          body: [
            quote(facts, [line]),
            'Give it an initial value (for a sum, `0`):',
            fence(facts.language, [`${line.text.slice(0, close)}, 0${line.text.slice(close)}`]),
          ],
          example: callExample(facts, fn, reduce[1]!),
        };
      }
      const init = args[1]?.trim() ?? 'undefined';
      const how = `the \`reduce\` on line ${line.n} never calls its callback and gives its initial value, \`${init}\``;
      const name = ASSIGN.exec(line.code)?.[1] ?? null;
      return traced(facts, fn, { line, name, init, list: reduce[1]!, how });
    }
    const start = /\b(?:for|while)\b|\.forEach\s*\(/.test(line.code) ? loopStart(fn, body, line) : null;
    if (start) return traced(facts, fn, start);
  }
  const edge = EDGES.map(([pattern, says]) => ({ line: body.find((l) => pattern.test(l.code)), says })).find(
    (e) => e.line !== undefined,
  );
  if (edge?.line) {
    return {
      short: `With an empty list, line ${edge.line.n} ${edge.says(facts.language)}.`,
      body: [quote(facts, [edge.line])],
      example: callExample(facts, fn),
    };
  }
  const ret = fn.returns[0];
  return {
    short: ret
      ? `I found no loop, \`reduce\` or indexing that decides it: ${signature(fn)} returns ${ic(ret.expr)} ` +
        `(line ${ret.line.n}), so evaluate that with no items.`
      : `I found no loop, \`reduce\` or \`return\` that decides it: ${signature(fn)} returns nothing.`,
    body: ret ? [quote(facts, [ret.line])] : [],
    example: callExample(facts, fn),
  };
}

/** The variable a loop accumulates into (the one returned, or one it adds or pushes to), set before it. */
function loopStart(fn: Fn, body: Line[], loop: Line): Start | null {
  const updated = body.filter((l) => l.n > loop.n).map((l) => /^\s*([\w$]+)\s*(?:[+\-*/]=|\.push\()/.exec(l.code));
  const names = [fn.returns[0]?.expr ?? '', ...updated.map((m) => m?.[1] ?? '')];
  for (const name of names.filter((c) => /^[A-Za-z_$][\w$]*$/.test(c))) {
    const decl = body.find((l) => l.n < loop.n && ASSIGN.exec(l.code)?.[1] === name && !/[+\-*/]=/.test(l.code));
    if (decl === undefined) continue;
    const init = decl.text
      .slice(decl.code.search(/=(?![=>])/) + 1)
      .trim()
      .replace(/;$/, '');
    const list = /\b(?:of|in)\s+([\w$.]+)|([\w$.]+)\.forEach/.exec(loop.code);
    const how = `the loop on line ${loop.n} never runs, so \`${name}\` keeps its starting value \`${init}\``;
    return { line: loop, decl, name, init, list: list?.[1] ?? list?.[2] ?? 'list', how };
  }
  return null;
}

/** Follows an accumulator's start value to what the function returns. */
function traced(facts: Facts, fn: Fn, start: Start): Answer {
  const { line, decl, name, init, list, how } = start;
  const ret = fn.returns[0];
  const so = name && !how.includes(`\`${name}\``) ? `, so \`${name}\` is \`${init}\`` : '';
  // The next assignment that reads the accumulator, with the start value put in.
  const uses = name
    ? bodyOf(facts, fn).find((l) => {
        const assigned = ASSIGN.exec(l.code)?.[1];
        return l.n > line.n && assigned !== undefined && assigned !== name && word(name).test(l.code);
      })
    : undefined;
  const next = uses && name ? { name: ASSIGN.exec(uses.code)?.[1] ?? '', value: substituted(uses, name, init) } : null;
  const minus = next ? /^0\s*-\s*([\w$.]+)$/.exec(next.value) : null;
  const below = minus ? ` (negative for any positive \`${minus[1]}\`)` : '';
  const then = next ? ` \`${next.name}\` is then \`${next.value}\`${below}.` : '';
  const given = next && ret && word(next.name).test(ret.expr) ? next : name ? { name, value: init } : null;
  let returns = '';
  if (ret && (ret.expr === name || ret.line === line)) returns = ` It returns \`${init}\`.`;
  else if (ret) {
    const at = given ? ` with \`${given.name}\` = \`${given.value}\`` : '';
    returns = ` It returns ${ic(ret.expr)} (line ${ret.line.n})${at}.`;
    // What the return line itself does with no items (divides by the length, reads [0], …).
    const edge = EDGES.find(([pattern]) => pattern.test(ret.line.code));
    if (edge) returns += ` But line ${ret.line.n} ${edge[1](facts.language)}.`;
  }
  return {
    short: `For an empty \`${list}\`, ${how}${so}.${then}${returns}`,
    body: [quote(facts, [decl, line, uses, ret?.line])],
    example: callExample(facts, fn, list),
  };
}

/** The expression a line assigns, with `name` replaced by `value`. */
function substituted(line: Line, name: string, value: string): string {
  return line.text.replace(ASSIGN, '').replace(word(name, 'g'), value).replace(/;\s*$/, '').trim();
}

const EDGES: [RegExp, (language: string) => string][] = [
  [/\bMath\.max\s*\(\s*\.\.\./, () => 'calls `Math.max()` with no arguments, which is `-Infinity`'],
  [/\bMath\.min\s*\(\s*\.\.\./, () => 'calls `Math.min()` with no arguments, which is `Infinity`'],
  [
    /\/\s*(?:[\w$.]+\.length\b|len\()/,
    (l) =>
      l === 'python' ? 'divides by `len(…)`, `0`: a `ZeroDivisionError`' : 'divides by a `.length` of `0`: `NaN`',
  ],
  [/\b(?:max|min)\(/, () => 'calls `max`/`min` on an empty sequence, which raises `ValueError`'],
  [/\bsum\(/, () => 'sums nothing: `sum([])` is `0`'],
  [/[\w$)\]]\[0\]/, (l) => (l === 'python' ? 'indexes `[0]`: an `IndexError`' : 'reads `[0]`, which is `undefined`')],
  [/\.(?:map|filter)\s*\(/, () => 'maps or filters nothing and gives an empty array, `[]`'],
];

const SUBTRACT = /[\w$)\]]\s*-(?![-=>])\s*[\w$(.]|-=/;
const MONEY = /total|price|amount|discount|cost|balance|sum|fee|tax|cents|paid|due|refund|credit/i;

export function negative({ facts, question, style }: Ask): Answer {
  const lines = focused(facts, style.focus).flatMap((fn) => bodyOf(facts, fn));
  if (/\bnan\b/i.test(question)) return notANumber(facts, lines);
  const subs = lines.filter((l) => SUBTRACT.test(l.code));
  const sub = subs.find((l) => MONEY.test(l.code)) ?? subs[0];
  const float = lines.find(
    (l) => /[\w$)\]]\s*[*/]\s*[\w$(]/.test(l.code) && (MONEY.test(l.code) || /\d\.\d/.test(l.code)),
  );
  const floatNote = float
    ? [
        `Line ${float.n} also does floating-point arithmetic on money (${ic(float.text)}): \`0.1 * 3\` is ` +
          '`0.30000000000000004`, so amounts drift by fractions of a cent, and a tiny negative prints as `-0.00`.',
      ]
    : [];
  if (sub === undefined) {
    return float
      ? {
          short:
            'The selection has no subtraction, so the sign comes from its inputs; but line ' +
            `${float.n} does floating-point arithmetic on money, which drifts.`,
          body: [quote(facts, [float]), ...floatNote, 'Keep money in integer cents and round once, when formatting.'],
          example: [],
        }
      : {
          short:
            'I found no subtraction or floating-point arithmetic in the selection, so the value must arrive ' +
            'negative: check what the callers pass in.',
          body: [quote(facts, [lines.find((l) => /\breturn\b/.test(l.code)) ?? firstCodeLine(facts)])],
          example: [],
        };
  }
  const [, a = 'the first', b = 'the second'] = /([\w$.()[\]]+)\s*-(?![->])=?\s*([\w$.()[\]]+)/.exec(sub.code) ?? [];
  const owed = /[-−]\s*(\$?)\s*(\d+(?:\.\d+)?)/.exec(question);
  const gap = Number(owed?.[2] ?? 0.05);
  const printed = lines.find((l) => l.n > sub.n && /toFixed|toLocaleString|NumberFormat|format|print/.test(l.code));
  const max = facts.language === 'python' ? 'max' : 'Math.max';
  return {
    short:
      `It prints a negative amount because line ${sub.n} subtracts: ${ic(sub.text)} goes below zero whenever ` +
      `\`${b}\` is larger than \`${a}\`${owed ? ` (here by ${owed[1]}${owed[2]})` : ''}, and nothing stops it ` +
      `before it is ${printed ? `formatted on line ${printed.n}` : 'returned'}.`,
    body: [
      quote(facts, [sub]),
      ...floatNote,
      `A fix: never let it go below zero (or reject a \`${b}\` larger than \`${a}\`), and keep money in integer cents:`,
      fence(facts.language, [clamp(sub, max) ?? `${max}(0, ${a} - ${b})`]),
    ],
    example: [
      commentLine(facts.language, `${a} = 1.95, ${b} = ${(1.95 + gap).toFixed(2)}`),
      `${a} - ${b}  ${commentLine(facts.language, `→ -${gap.toFixed(2)}`)}`,
    ],
  };
}

function notANumber(facts: Facts, lines: Line[]): Answer {
  const div = lines.find((l) => /[\w$)\]]\s*\/\s*[\w$(]/.test(l.code));
  const at = div ?? lines.find((l) => /[\w$)\]]\s*[-+*]\s*[\w$(]/.test(l.code));
  if (at === undefined)
    return {
      short: 'I found no arithmetic in the selection, so the `NaN` comes from its inputs.',
      body: [],
      example: [],
    };
  return {
    short: div
      ? `\`NaN\` comes from the division on line ${div.n}: when both sides are \`0\` (an empty list), ` +
        '`0 / 0` is `NaN`.'
      : `\`NaN\` comes from arithmetic on something that is not a number: line ${at.n} gives \`NaN\` as soon ` +
        'as one operand is `undefined` (a missing property or argument).',
    body: [
      quote(facts, [at]),
      div
        ? 'Guard the divisor before dividing: return `0` (or throw) for empty input.'
        : 'Check the operands (`Number.isNaN`) or give the missing value a default.',
    ],
    example: [],
  };
}

/** The line with its subtracting expression clamped at zero, or null when its shape is unusual. */
function clamp(line: Line, max: string): string | null {
  const text = line.text.trim();
  const assign = /^(return\s+|(?:(?:const|let|var)\s+)?[\w$.]+\s*(?::[^=]+)?=\s*)(.+?)(;?)$/.exec(text);
  if (assign) return `${assign[1]}${max}(0, ${assign[2]})${assign[3]}`;
  const minus = /^([\w$.]+)\s*-=\s*(.+?)(;?)$/.exec(text);
  return minus ? `${minus[1]} = ${max}(0, ${minus[1]} - ${minus[2]})${minus[3]}` : null;
}
