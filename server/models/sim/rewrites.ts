// What the simulated model writes for an edit: a deterministic rewrite of the code range for each
// instruction it understands (instructions.ts), and for anything else the original code, prefixed
// by a comment saying it did not understand — always a well-formed answer, never a pretend one.
import { applyCorrection, parseInstruction, type Instruction } from './instructions';
import { commentLine, normaliseLanguage } from '../formats/languages';
import { lex, mapCode } from './lexer';
import { addDocComment, addNullCheck, addTypes, toArrowFunctions } from './rewriteFunctions';
import { toAsyncAwait } from './rewriteAsync';
import { RESTART_MARKER, type EditRequest } from '../formats/editRequest';

export const SIM_LABEL = '[simulated model]';

/** The edits the simulated model can make, in words (for its notes and answers). */
export const SIM_EDITS =
  'rename X to Y, add a doc comment, convert to arrow functions or async/await, add a null check for X, ' +
  'upper- or lowercase strings, add types';

export function renameIdentifier(code: string, from: string, to: string, language: string): string | null {
  const escaped = from.replace(/\$/g, '\\$');
  const pattern = new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g');
  const out = mapCode(code, language, (text) => text.replace(pattern, to));
  return out === code ? null : out;
}

/**
 * Changes the case of string literal contents, leaving escapes and import specifiers alone; `only`
 * picks the literals to change (by their text, quotes included).
 */
export function changeStringCase(
  code: string,
  upper: boolean,
  language: string,
  only: (literal: string) => boolean = () => true,
): string | null {
  let lineStart = '';
  const out = lex(code, language)
    .map((segment) => {
      if (segment.kind !== 'string') {
        const nl = segment.text.lastIndexOf('\n');
        lineStart = nl === -1 ? lineStart + segment.text : segment.text.slice(nl + 1);
        return segment.text;
      }
      if (/^\s*(?:import\b|export\b.*\bfrom\s*$)|\b(?:require|import)\s*\(\s*$|\bfrom\s*$/.test(lineStart))
        return segment.text;
      if (!only(segment.text)) return segment.text;
      return segment.text.replace(/\\.|[^\\]+/g, (part) =>
        part.startsWith('\\') ? part : upper ? part.toUpperCase() : part.toLowerCase(),
      );
    })
    .join('');
  return out === code ? null : out;
}

/** The rewritten code, or null when the instruction is unknown or finds nothing to change. */
export function applyInstruction(code: string, instruction: Instruction, language: string): string | null {
  switch (instruction.kind) {
    case 'rename':
      return renameIdentifier(code, instruction.from, instruction.to, language);
    case 'doc-comment':
      return addDocComment(code, language);
    case 'arrow-function':
      return toArrowFunctions(code, language);
    case 'async-await':
      return toAsyncAwait(code, language);
    case 'null-check':
      return addNullCheck(code, instruction.name, language);
    case 'string-case':
      return changeStringCase(code, instruction.upper, language);
    case 'add-types':
      return addTypes(code, language);
    case 'unknown':
      return null;
  }
}

/** Always a well-formed replacement for the range: the rewrite, or the code with a note on top. */
export function rewrite(code: string, instruction: Instruction, language: string): string {
  const out = applyInstruction(code, instruction, language);
  if (out !== null) return out;
  const note =
    instruction.kind === 'unknown'
      ? `${SIM_LABEL} did not understand: "${instruction.text.replace(/\s+/g, ' ')}"`
      : `${SIM_LABEL} found nothing to change for: "${describeKind(instruction)}"`;
  const indent = code.match(/^[ \t]*(?=\S)/m)?.[0] ?? '';
  return `${indent}${commentLine(language, note)}\n${code}`;
}

function describeKind(instruction: Exclude<Instruction, { kind: 'unknown' }>): string {
  switch (instruction.kind) {
    case 'rename':
      return `rename ${instruction.from} to ${instruction.to}`;
    case 'null-check':
      return `add a null check for ${instruction.name}`;
    case 'string-case':
      return `${instruction.upper ? 'upper' : 'lower'}case string literals`;
    default:
      return instruction.kind.replace('-', ' ');
  }
}

/** The instruction an edit request asks for: the correction (if any) applied to the original. */
export function effectiveInstruction(request: EditRequest): Instruction {
  const original = parseInstruction(request.instruction);
  return request.correction === null ? original : applyCorrection(original, request.correction);
}

/**
 * An edit made from an earlier answer ("apply this", with the answer as `<context>`): each line of
 * the answer's last fenced code block replaces the line of the range that starts the same way (up
 * to its first `=`, `(` or `return`), keeping that line's indent. Null when no line matches.
 */
export function applyAnswerCode(code: string, context: string): string | null {
  const block = [...context.matchAll(/```[\w+-]*\n([\s\S]*?)\n```/g)].pop()?.[1];
  if (block === undefined) return null;
  const lines = code.split('\n');
  const keyOf = (line: string) => line.trim().match(/^(?:return\b|[^=(]*[=(])/)?.[0] ?? null;
  for (const fix of block.split('\n')) {
    const key = keyOf(fix);
    const at = key === null ? -1 : lines.findIndex((l) => keyOf(l) === key && l.trim() !== fix.trim());
    if (at !== -1) lines[at] = `${lines[at]!.match(/^\s*/)![0]}${fix.trim()}`;
  }
  const out = lines.join('\n');
  return out === code ? null : out;
}

/** The whole rewrite an edit request asks for (before continue-or-restart). */
export function editRewrite(request: EditRequest): string {
  const instruction = effectiveInstruction(request);
  const fromAnswer =
    instruction.kind === 'unknown' && request.context ? applyAnswerCode(request.code, request.context) : null;
  return fromAnswer ?? rewrite(request.code, instruction, normaliseLanguage(request.language, request.path));
}

/**
 * The text to stream after a `<partial>` (output already shown before a redirect): the rest of
 * `full` when the partial is a prefix of it, otherwise RESTART_MARKER on its own line, then `full`.
 */
export function continueOrRestart(full: string, partial: string | null): string {
  if (partial === null || partial === '') return full;
  return full.startsWith(partial) ? full.slice(partial.length) : `${RESTART_MARKER}\n${full}`;
}

/** The text to stream for an edit request: its rewrite, continuing or restarting a partial. */
export function answerEdit(request: EditRequest): string {
  return continueOrRestart(editRewrite(request), request.partial);
}
