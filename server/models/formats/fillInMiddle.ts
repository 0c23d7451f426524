// The autocomplete lane's prompts (pure): the fill-in-the-middle request as a Chat Completions
// conversation, for providers without /v1/completions — the code before and after the cursor in
// tags, the answer only the missing text — its parser (the simulated server answers it), and the
// clean-up of what a chat model sends back (a code fence around the answer, text the suffix repeats).
import type { ChatMessage } from '../types';

export type FimContext = { path: string; language: string; prefix: string; suffix: string };

const HEADER = 'Fill in the code at the cursor.';
const BEFORE_OPEN = '\n<before_cursor>\n';
const BEFORE_CLOSE = '\n</before_cursor>\n<after_cursor>\n';
const AFTER_CLOSE = '\n</after_cursor>';

export const FIM_CHAT_SYSTEM =
  'You are a code completion engine. Reply with only the text that belongs at the cursor, between the ' +
  'code before and after it: usually the rest of the line or a few lines. No explanation, no code fence, ' +
  'never repeat the code around the cursor. Reply with nothing when nothing fits.';

/** The chat messages that ask for the text between `prefix` and `suffix`. */
export function formatFimChat(context: FimContext): ChatMessage[] {
  const user =
    `${HEADER}\nFile: ${context.path} (${context.language})` +
    `${BEFORE_OPEN}${context.prefix}${BEFORE_CLOSE}${context.suffix}${AFTER_CLOSE}`;
  return [
    { role: 'system', content: FIM_CHAT_SYSTEM },
    { role: 'user', content: user },
  ];
}

/** The context of a message made by formatFimChat, or null when it is not one. */
export function parseFimChat(user: string): FimContext | null {
  if (!user.startsWith(`${HEADER}\nFile: `) || !user.endsWith(AFTER_CLOSE)) return null;
  const open = user.indexOf(BEFORE_OPEN);
  const close = user.lastIndexOf(BEFORE_CLOSE);
  if (open === -1 || close < open) return null;
  const fileLine = user.slice(HEADER.length + 7, open);
  const named = /^(.*) \(([^()]*)\)$/.exec(fileLine);
  if (!named) return null;
  return {
    path: named[1]!,
    language: named[2]!,
    prefix: user.slice(open + BEFORE_OPEN.length, close),
    suffix: user.slice(close + BEFORE_CLOSE.length, user.length - AFTER_CLOSE.length),
  };
}

/**
 * What a chat model's answer means as an insertion: the inside of a fence if it sent one, and
 * without a tail that the text after the cursor already has (models often repeat the closing `)`).
 */
export function cleanChatFill(answer: string, suffix: string): string {
  const fenced = /^\s*```[\w+-]*\n([\s\S]*?)\n?```\s*$/.exec(answer);
  let text = fenced ? fenced[1]! : answer;
  const rest = suffix.split('\n', 1)[0]!.trim();
  if (rest !== '' && text.trimEnd().endsWith(rest)) text = text.trimEnd().slice(0, -rest.length);
  return text;
}
