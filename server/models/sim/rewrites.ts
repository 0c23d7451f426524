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

export function renameIdentifier(code: string, from: string, to: string, language: string): string | null {
  const escaped = from.replace(/\$/g, '\\$');
  const pattern = new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g');
  const out = mapCode(code, language, (text) => text.replace(pattern, to));
  return out === code ? null : out;
}

/** Changes the case of string literal contents, leaving escapes and import specifiers alone. */
export function changeStringCase(code: string, upper: boolean, language: string): string | null {
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
 * The text to stream for an edit request. With a `<partial>` (output already shown before a
 * redirect) the answer continues it — the rest of the rewrite — when the partial is a prefix of
 * the new rewrite, and otherwise says RESTART_MARKER on its first line, then the whole rewrite.
 */
export function answerEdit(request: EditRequest): string {
  const language = normaliseLanguage(request.language, request.path);
  const full = rewrite(request.code, effectiveInstruction(request), language);
  if (request.partial === null || request.partial === '') return full;
  return full.startsWith(request.partial) ? full.slice(request.partial.length) : `${RESTART_MARKER}\n${full}`;
}
