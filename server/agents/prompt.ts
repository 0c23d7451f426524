// Why: the first messages of a run, as pure functions of the request — the system message names
// the tools, the patch format and the validation command (on its own "Validation command:" line,
// which the simulated model reads); the user message carries the instruction, the files in scope,
// the selected code and, for a handoff, the fast session's evidence (figures from the server's
// own transcript) and the browser's context (transcript and partial diff).
import type { HandoffEvidence, RunValidation } from '../../lib/protocol';
import type { ChatMessage } from '../models/types';
import { describeHandoff } from './handoffEvidence';

export type RunPromptInput = {
  instruction: string;
  files: string[];
  selection: { path: string; startLine: number; endLine: number; text: string } | null;
  validation: RunValidation;
  context: string | null;
  /** The fast session's evidence, for a handed-off run. */
  handoff?: HandoffEvidence | null;
  maxSteps: number;
};

export function buildRunMessages(
  input: RunPromptInput,
): [Extract<ChatMessage, { role: 'system' }>, Extract<ChatMessage, { role: 'user' }>] {
  const validation = input.validation.command
    ? `Validation command: ${input.validation.command}\n` +
      'Run it before you finish and fix what it reports; ' +
      'Tandem runs it again after you finish, and the run fails if it fails.'
    : 'No validation command is configured for this workspace: ' +
      'check your work another way if you can, and say what you checked.';
  const system = [
    'You are the background coding agent of Tandem, a collaborative IDE. ' +
      'You work alone in an isolated copy of the workspace;',
    'people review your diff hunk by hunk afterwards, so change only what the task needs.',
    '',
    'Tools: list_files, read_file and search to look around; apply_patch to change files; ' +
      'run_command to run shell commands',
    '(no network; the copy is yours to change); finish with a short summary when you are done.',
    '',
    'apply_patch takes the whole patch in this format:',
    '*** Begin Patch',
    '*** Update File: src/app.ts',
    '@@ function total(items) {',
    ' unchanged line (context, starts with a space)',
    '-removed line',
    '+added line',
    '*** Add File: src/new.ts',
    '+every line of the new file',
    '*** Delete File: src/old.ts',
    '*** End Patch',
    'Give about three lines of context around each change; read a file before you patch it. ' +
      'A patch applies whole or not at all.',
    '',
    validation,
    `You have at most ${input.maxSteps} turns.`,
  ].join('\n');
  const parts = [input.instruction];
  if (input.files.length) parts.push(`Files in scope: ${input.files.join(', ')}`);
  if (input.selection) {
    const s = input.selection;
    parts.push(`Selected in ${s.path}, lines ${s.startLine}-${s.endLine}:\n\`\`\`\n${s.text}\n\`\`\``);
  }
  if (input.handoff) parts.push(describeHandoff(input.handoff));
  if (input.context) parts.push(`Context from the session this run was handed off from:\n${input.context}`);
  return [
    { role: 'system', content: system },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
