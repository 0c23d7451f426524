// Why: the fast lane answers questions about the selected code (issue 12), and on the simulator the
// answer must still say true, useful things about that code rather than filler. It recognises a
// few kinds of question (explain; what it returns for empty input; why a value is negative or
// NaN; anything else), reads the range (codeFacts.ts) and writes short markdown quoting the lines
// that matter. Pure and deterministic, and labelled as simulated like all the simulator's text.
// A correction ("shorter", "show an example", "focus on X", or a new question) gives a new answer
// that continues or restarts the partial one, by the edit format's rule.
import { normaliseLanguage } from '../formats/languages';
import type { EditRequest } from '../formats/editRequest';
import { emptyInput, negative, type Answer, type Ask, type Style } from './answerValues';
import { ASSIGN, bodyOf, callExample, fence, firstCodeLine, focused, ic, LOOP, quote, readFacts } from './codeFacts';
import { signature, word, type Facts, type Fn, type Line } from './codeFacts';
import { describeInstruction, parseInstruction } from './instructions';
import { continueOrRestart, SIM_EDITS, SIM_LABEL } from './rewrites';

type Kind = 'empty' | 'sign' | 'explain' | 'other';

/** The markdown answer to a question request, continuing or restarting a partial answer. */
export function answerQuestion(request: EditRequest): string {
  const language = normaliseLanguage(request.language, request.path);
  const correction = request.correction;
  const style = styleOf(correction ?? '');
  const styled = style.short || style.example || style.focus !== null;
  const asksAgain = correction !== null && !styled && (kindOf(correction) !== 'other' || /\?\s*$/.test(correction));
  const question = asksAgain ? correction : request.instruction;
  const facts = readFacts(request.code, language);
  const answer = BUILD[kindOf(question)]({ facts, question, style, context: request.context ?? null });
  const parts = [`${SIM_LABEL} ${answer.short}`];
  if (correction !== null && !styled && !asksAgain)
    parts.push(`(The simulated model cannot follow “${correction}”; this is its answer to the question again.)`);
  if (!style.short) parts.push(...answer.body);
  if (style.example && answer.example.length > 0) parts.push('For example:', fence(language, answer.example));
  return continueOrRestart(`${fileLines(parts.join('\n\n'), request.firstLine ?? 1)}\n`, request.partial);
}

/** The facts number lines from the range's first; the person reads the file's line numbers. */
function fileLines(text: string, firstLine: number): string {
  return text.replace(/\b(lines? )(\d+)(?:([–-])(\d+))?/g, (_, word: string, a: string, dash?: string, b?: string) => {
    const from = Number(a) + firstLine - 1;
    return dash && b ? `${word}${from}${dash}${Number(b) + firstLine - 1}` : `${word}${from}`;
  });
}

export function kindOf(question: string): Kind {
  if (/\bempty\b|\[\]|\bno (?:items|elements|entries|values)\b/i.test(question)) return 'empty';
  const sign =
    /[-−]\s*\$|\bnegative\b|\bminus\b|\bnan\b|\binfinity\b|\bround(?:ing|ed)?\b|\bfloat|\bprecision\b|\d\.\d{5}/i;
  if (sign.test(question)) return 'sign';
  const explains = /\b(?:explain|what (?:does|do|is)|what's|how does|walk (?:me )?through|summari[sz]e|describe)\b/i;
  return explains.test(question) ? 'explain' : 'other';
}

function styleOf(correction: string): Style {
  const focus = /\b(?:focus(?:ing)? on|only (?:about|on)|just)\s+(?:the\s+)?`?([A-Za-z_$][\w$]*)/i.exec(correction);
  return {
    short: /\b(?:short(?:er)?|brief(?:ly)?|concise|one (?:sentence|line)|tl;?dr|less detail)\b/i.test(correction),
    example: /\b(?:example|sample|show (?:me )?(?:how|the code|code))\b/i.test(correction),
    focus: focus?.[1] ?? null,
  };
}

const BUILD: Record<Kind, (ask: Ask) => Answer> = { explain, empty: emptyInput, sign: negative, other };

function explain({ facts, style }: Ask): Answer {
  const fns = focused(facts, style.focus);
  const summaries = fns.map((fn) => {
    const body = bodyOf(facts, fn).slice(fn.name === null ? 0 : 1);
    const loops = body.filter((l) => LOOP.test(l.code)).map(loopName);
    const computed = [...new Set(body.flatMap((l) => ASSIGN.exec(l.code)?.[1] ?? []))].slice(0, 3);
    const last = fn.returns[fn.returns.length - 1];
    const clauses = [
      ...(loops.length > 0 ? [`loops with ${loops.slice(0, 2).join(' and ')}`] : []),
      ...(computed.length > 0 ? [`computes ${andList(computed.map((c) => `\`${c}\``))}`] : []),
      ...(last ? [`returns ${ic(last.expr)}`] : fn.name !== null ? ['returns nothing'] : []),
    ];
    const said = clauses.length > 1 ? `${clauses.slice(0, -1).join(', ')}, then ${clauses.at(-1)}` : clauses[0];
    const steps = body.filter((l) => LOOP.test(l.code) || ASSIGN.test(l.code) || /\b(?:if|return)\b/.test(l.code));
    const sentence =
      fn.name !== null
        ? `${capital(signature(fn))} ${said}.`
        : `The selection is code outside any function${said ? `; it ${said}` : ''}.`;
    return {
      fn,
      sentence,
      steps: steps
        .slice(0, 6)
        .map((l) => `- line ${l.n}: ${ic(l.text)}`)
        .join('\n'),
    };
  });
  // Focus on a name that is not a function: the first line using it (past the headers naming it).
  const focus = style.focus;
  const headers = new Set(facts.fns.map((f) => f.from));
  const uses = focus && fns[0]!.name !== focus ? facts.lines.filter((l) => word(focus).test(l.code)) : [];
  const used = uses.find((l) => !headers.has(l.n)) ?? uses[0];
  const key =
    used ??
    fns[0]!.returns[0]?.line ??
    facts.lines.find((l) => LOOP.test(l.code) || /\bif\b/.test(l.code)) ??
    firstCodeLine(facts);
  const many = summaries.length > 1;
  return {
    short: many
      ? `The selection defines ${summaries.length} functions: ${summaries.map((s) => signature(s.fn)).join(', ')}.`
      : summaries[0]!.sentence,
    body: [
      ...summaries.flatMap((s) => [...(many ? [s.sentence] : []), s.steps]).filter((p) => p !== ''),
      used ? `\`${focus}\` is used on line ${key.n}:` : `The key line (${key.n}):`,
      quote(facts, [key]),
    ],
    example: callExample(facts, fns[0]!),
  };
}

function andList(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function loopName(line: Line): string {
  const method = /([\w$.]+)\.(forEach|map|filter|reduce|some|every|find|flatMap)\s*\(/.exec(line.code);
  if (method) return `\`${method[2]}\` over \`${method[1]}\` (line ${line.n})`;
  const over = /\bfor\b.*?\b(?:of|in|range)\s+([\w$.]+)/.exec(line.code);
  if (over) return `a \`for\` over \`${over[1]}\` (line ${line.n})`;
  return `a \`${/\bwhile\b/.test(line.code) ? 'while' : 'for'}\` loop (line ${line.n})`;
}

function other({ facts, question, style, context }: Ask): Answer {
  const words = new Set(`${question} ${style.focus ?? ''} ${context ?? ''}`.toLowerCase().match(/[a-z_$][\w$]{2,}/g));
  const score = (l: Line) => (l.code.toLowerCase().match(/[a-z_$][\w$]*/g) ?? []).filter((w) => words.has(w)).length;
  const best = facts.lines.filter((l) => score(l) > 0).sort((x, y) => score(y) - score(x) || x.n - y.n);
  const fn = focused(facts, style.focus)[0]!;
  const ret = fn.returns[0];
  const asEdit = parseInstruction(question);
  return {
    short:
      asEdit.kind !== 'unknown'
        ? 'That is an edit the simulated model can make: send it as an instruction instead of a question, ' +
          `and it rewrites the selection (it would have ${describeInstruction(asEdit)}).`
        : `I can point at the code, but not reason about “${question.replace(/\s+/g, ' ').trim()}”: ` +
          'that needs a real model (set one for the fast lane in tandem.config.json).',
    body: [
      `${outline(facts, fn)} ${best.length > 0 ? 'The lines closest to your question:' : 'Its key line:'}`,
      quote(facts, best.length > 0 ? best.slice(0, 2) : [ret?.line ?? firstCodeLine(facts)]),
      `The simulated model can also make a few edits: ${SIM_EDITS}.`,
    ],
    example: callExample(facts, fn),
  };
}

/** What the selection holds and what `fn` returns, in a sentence. */
function outline(facts: Facts, fn: Fn): string {
  const ret = fn.returns[0];
  const returns = ret ? `returns ${ic(ret.expr)} (line ${ret.line.n})` : 'returns nothing';
  if (fn.name === null) return `The selection has no named function${ret ? `; it ${returns}` : ''}.`;
  if (facts.fns.length === 1) return `${capital(signature(fn))} ${returns}.`;
  return `The selection has ${andList(facts.fns.map(signature))}; ${signature(fn)} ${returns}.`;
}
