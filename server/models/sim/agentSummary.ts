// The simulated strong model's closing message. It says only what the tool answers show: which
// files the patch changed (or that it was rejected), what it found but left alone or never looked
// at, and what the validation command answered — a simulated model must not claim work it did not do.
import { describeInstruction, type Instruction } from './instructions';
import { SIM_LABEL } from './rewrites';

export type AgentCoverage = {
  /** The name searched for, when the files came from a search. */
  searchedFor: string | null;
  /** Files the search found that were read but had nothing to change. */
  untouched: string[];
  /** Files found (by search or listing) beyond what the script reads in one go. */
  leftOut: string[];
  /** The search stopped at its match limit. */
  searchTruncated: boolean;
  /** Files whose read_file answer was an error. */
  unreadable: string[];
};

export type AgentOutcome = {
  instruction: Instruction;
  changed: string[];
  patchResult: string | null;
  command: string | null;
  commandResult: string | null;
  coverage: AgentCoverage;
};

const SHOWN = 10;

function list(paths: string[]): string {
  const more = paths.length - SHOWN;
  return more > 0 ? `${paths.slice(0, SHOWN).join(', ')} and ${more} more` : paths.join(', ');
}

function whatChanged({ instruction, changed, patchResult, coverage }: AgentOutcome): string {
  if (instruction.kind === 'unknown') return `I ${describeInstruction(instruction)}, so I changed nothing.`;
  if (changed.length === 0) {
    const nobody = coverage.searchedFor !== null && coverage.untouched.length === 0 && coverage.unreadable.length === 0;
    if (nobody) return `No file uses ${coverage.searchedFor}, so I changed nothing.`;
    return `Nothing needed changing to apply "${describeInstruction(instruction)}".`;
  }
  const failed = patchResult !== null && /\b(error|failed|conflict)\b/i.test(patchResult);
  const files = changed.join(', ');
  if (failed) return `I could not apply my patch to ${files}, so nothing changed: ${patchResult.slice(0, 200)}`;
  return `I ${describeInstruction(instruction)} in ${files}.`;
}

function coverageNotes({ coverage }: AgentOutcome): string[] {
  const notes: string[] = [];
  if (coverage.searchedFor !== null && coverage.untouched.length > 0) {
    const where = `${coverage.searchedFor} also appears in ${list(coverage.untouched)}`;
    notes.push(`${where}, but not as that name in code (strings, comments or longer names), so I left it there.`);
  }
  if (coverage.searchTruncated) notes.push('The search stopped at its match limit, so files past it were not checked.');
  if (coverage.leftOut.length > 0) notes.push(`I did not get to ${list(coverage.leftOut)}.`);
  if (coverage.unreadable.length > 0) notes.push(`I could not read ${list(coverage.unreadable)}.`);
  return notes;
}

function validationNote({ command, commandResult }: AgentOutcome): string[] {
  if (command === null || commandResult === null) return [];
  const exit = commandResult.match(/exit(?:ed)?(?:\s+with)?(?:\s+code)?[\s:=]+(-?\d+)/i);
  const last = commandResult.trim().split('\n').pop()?.slice(0, 200) ?? '';
  return [exit ? `Ran \`${command}\`: exit code ${exit[1]}.` : `Ran \`${command}\`: ${last}`];
}

export function agentSummary(outcome: AgentOutcome): string {
  return [SIM_LABEL, whatChanged(outcome), ...coverageNotes(outcome), ...validationNote(outcome)].join(' ');
}
