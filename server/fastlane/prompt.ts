// Builds the fast lane's chat request (an edit of the range, or an answer about it): pure, so the
// exact prompt is tested and documented (docs/fastlane.md). The last user message uses the
// edit-request format that the simulated model also parses (server/models/formats/editRequest.ts).
import type { Alternative, FastTurnRecord } from '../../lib/protocol/fast';
import type { FastIntent } from '../../lib/protocol/route';
import type { ChatMessage } from '../models/types';
import { formatCorrection, formatEditRequest, RESTART_MARKER } from '../models/formats/editRequest';

export { formatCorrection, RESTART_MARKER };

/** The continue-or-restart rule after a redirect, for a rewrite or an answer. */
function redirectRule(partial: string, whole: string): string[] {
  return [
    `When a <partial> block is present, you were interrupted after writing it and the person sent a <correction>.`,
    `If the ${partial} is still right under the correction, continue it: ` +
      `reply with only the text that comes after it.`,
    `If it must change, reply with ${RESTART_MARKER} on the first line, then the ${whole}.`,
    `A <correction> may also arrive on its own while you answer: your answer so far is then the ${partial}.`,
  ];
}

export const SYSTEM_PROMPT = [
  'You rewrite one range of code in an editor, following the instruction.',
  'Reply with ONLY the rewritten code that replaces the range: no explanation, no markdown fences.',
  'Keep the indentation and style of the surrounding code. Change nothing the instruction does not ask for.',
  ...redirectRule('partial output', 'complete rewrite'),
].join('\n');

/** For a question about the range: the fast model answers in words, and nothing is applied. */
export const ANSWER_SYSTEM_PROMPT = [
  'You answer a question about one range of code in an editor, for the person looking at it.',
  'Answer in markdown: short and concrete, about this code; fence code blocks with their language.',
  'Do not rewrite the whole range: quote only the lines that matter;',
  'show a fix only when asked why something goes wrong.',
  ...redirectRule('partial answer', 'complete new answer'),
].join('\n');

/** Said to alternative k of n (k > 1): a genuinely different take, not a copy of the first. */
export function alternativeNote(index: number, of: number): string {
  return (
    `This is alternative ${index + 1} of ${of} for the same request: the person will compare them side by side. ` +
    'Write a genuinely different take on it (another structure, idiom or level of detail) ' +
    'that still does exactly what is asked.'
  );
}

/** What the prompt shows of an earlier turn on the same range. */
export type PromptHistory = Pick<FastTurnRecord, 'instruction' | 'redirects' | 'outcome'>;

export type EditPromptInput = {
  instruction: string;
  path: string;
  language: string | null;
  code: string;
  before: string;
  after: string;
  history: PromptHistory[];
  partial: string | null;
  correction: string | null;
  intent: FastIntent;
  alternative: Alternative | null;
  /** Text the request takes along, e.g. the answer an edit is made from. */
  context: string | null;
  /** The file line the range starts at. */
  firstLine: number;
};

export function buildEditMessages(input: EditPromptInput): ChatMessage[] {
  const context: string[] = [`File: ${input.path}`];
  if (input.before) context.push(`Code above the range (not to be rewritten):\n${input.before}`);
  if (input.after) context.push(`Code below the range (not to be rewritten):\n${input.after}`);
  if (input.history.length) {
    const lines = input.history.map((t) => {
      const redirects = t.redirects.length ? ` (then: ${t.redirects.map((r) => JSON.stringify(r)).join(', ')})` : '';
      return `- ${JSON.stringify(t.instruction)}${redirects} → ${t.outcome}`;
    });
    context.push(`Recent requests on this code, oldest first:\n${lines.join('\n')}`);
  }
  const { alternative } = input;
  if (alternative && alternative.index > 0) context.push(alternativeNote(alternative.index, alternative.of));
  return [
    { role: 'system', content: input.intent === 'answer' ? ANSWER_SYSTEM_PROMPT : SYSTEM_PROMPT },
    { role: 'user', content: context.join('\n\n') },
    {
      role: 'user',
      content: formatEditRequest({
        instruction: input.instruction,
        path: input.path,
        language: input.language,
        code: input.code,
        firstLine: input.firstLine,
        partial: input.partial,
        correction: input.correction,
        intent: input.intent,
        alternative: alternative && { index: alternative.index, of: alternative.of },
        context: input.context,
      }),
    },
  ];
}

/** Lines of context around the range: enough for the model to match style, bounded in size. */
export function surroundingContext(
  lines: string[],
  startLine: number,
  endLine: number,
  radius = 30,
): { before: string; after: string } {
  return {
    before: lines.slice(Math.max(0, startLine - 1 - radius), startLine - 1).join('\n'),
    after: lines.slice(endLine, endLine + radius).join('\n'),
  };
}
