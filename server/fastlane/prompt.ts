// Builds the fast lane's chat request: pure, so the exact prompt is tested and documented
// (docs/fastlane.md). The last user message uses the edit-request format that the simulated
// model also parses (server/models/formats/editRequest.ts).
import type { FastTurnRecord } from '../../lib/protocol/fast';
import type { ChatMessage } from '../models/types';
import { formatCorrection, formatEditRequest, RESTART_MARKER } from '../models/formats/editRequest';

export { formatCorrection, RESTART_MARKER };

export const SYSTEM_PROMPT = [
  'You rewrite one range of code in an editor, following the instruction.',
  'Reply with ONLY the rewritten code that replaces the range: no explanation, no markdown fences.',
  'Keep the indentation and style of the surrounding code. Change nothing the instruction does not ask for.',
  `When a <partial> block is present, you were interrupted after writing it and the person sent a <correction>.`,
  `If the partial output is still right under the correction, continue it: ` +
    `reply with only the text that comes after it.`,
  `If it must change, reply with ${RESTART_MARKER} on the first line, then the complete rewrite.`,
  `A <correction> may also arrive on its own while you answer: your answer so far is then the partial output.`,
].join('\n');

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
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: context.join('\n\n') },
    {
      role: 'user',
      content: formatEditRequest({
        instruction: input.instruction,
        path: input.path,
        language: input.language,
        code: input.code,
        partial: input.partial,
        correction: input.correction,
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
