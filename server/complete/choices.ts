// The candidates of a whole (non-streamed) completion answer asked with `n` (pure): each choice's
// text — `text` on /v1/completions, `message.content` on chat (its code fence and the tail the rest
// of the line already has removed) — in index order, within the line limit, empty and repeated ones
// dropped. A model that ignores `n` answers one choice: one candidate.
import { z } from 'zod';
import type { CompleteApi } from '../../lib/protocol/complete';
import { cleanChatFill } from '../models/formats/fillInMiddle';
import { capLines } from './completionModel';

const answerSchema = z.looseObject({
  choices: z.array(
    z.looseObject({
      index: z.number().int().nullish(),
      text: z.string().nullish(),
      message: z.looseObject({ content: z.string().nullish() }).nullish(),
    }),
  ),
});

/** The distinct candidates of `body`, or null when it is not a completion answer. */
export function choiceTexts(body: unknown, api: CompleteApi, suffix: string): string[] | null {
  const parsed = answerSchema.safeParse(body);
  if (!parsed.success) return null;
  const ordered = [...parsed.data.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const texts: string[] = [];
  for (const choice of ordered) {
    const raw = (api === 'fim' ? choice.text : choice.message?.content) ?? '';
    const text = capLines(api === 'chat' ? cleanChatFill(raw, suffix) : raw).text;
    if (text !== '' && !texts.includes(text)) texts.push(text);
  }
  return texts;
}
