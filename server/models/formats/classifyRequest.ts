// The router's classification request, the product's own (server/router/classifier.ts sends it;
// the simulated model parses it): when the routing rules are unsure, the fast model reads a system
// prompt that names the four answers and a user message
//   <classify>what is this for?</classify>
// and answers with one word: fast-edit | fast-answer | strong | review. Why its own format: the
// request must be tiny (it sits in front of Enter with a 300 ms budget) and the reply must parse
// even when a real model adds punctuation, a code fence or a word of preamble. Pure.
import { CLASSIFIER_VERDICTS, type ClassifierVerdict } from '../../../lib/protocol/route';
import type { ChatRequest } from '../types';

export const CLASSIFY_TAG = 'classify';

export const CLASSIFY_SYSTEM_PROMPT = [
  'You route requests typed in a code editor, about the code the person has selected.',
  'Answer with exactly one word:',
  'fast-edit: a small, local change to the selected code (rename, add a check, convert, simplify);',
  'fast-answer: a question about the selected code that wants an explanation in words, no change;',
  'strong: multi-file, long or validation-heavy work for a background agent (tests, migrations, bug hunts);',
  'review: asks to review the code or find bugs in it, without changing it.',
].join('\n');

/** The whole request: a system prompt, the instruction, and room for one word of answer. */
export function classifyRequest(instruction: string): ChatRequest {
  return {
    messages: [
      { role: 'system', content: CLASSIFY_SYSTEM_PROMPT },
      { role: 'user', content: `<${CLASSIFY_TAG}>${instruction}</${CLASSIFY_TAG}>` },
    ],
    temperature: 0,
    maxTokens: 5,
  };
}

/** The instruction of a classification request's user message, or null when it is not one. */
export function parseClassifyRequest(message: string): string | null {
  const open = `<${CLASSIFY_TAG}>`;
  const close = `</${CLASSIFY_TAG}>`;
  const trimmed = message.trim();
  if (!trimmed.startsWith(open) || !trimmed.endsWith(close)) return null;
  return trimmed.slice(open.length, trimmed.length - close.length);
}

const VERDICT_WORD = new RegExp(`(?<![\\w-])(${CLASSIFIER_VERDICTS.join('|')})(?![\\w-])`, 'gi');

/** The verdict in a model's reply, or null when it names none or more than one. */
export function parseClassifyReply(reply: string): ClassifierVerdict | null {
  const named = new Set([...reply.matchAll(VERDICT_WORD)].map((m) => m[1].toLowerCase() as ClassifierVerdict));
  return named.size === 1 ? [...named][0] : null;
}
