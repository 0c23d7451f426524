// The model of next-edit suggestions: the autocomplete lane's endpoint and model, asked on Chat
// Completions (every provider serves it; fill-in-the-middle has no place for an edit history)
// with the next-edit prompt, streamed so the first token is timed, at temperature 0 and a small
// token budget (one hunk). Its own keep-alive pool beside the completions'. The caller's
// AbortSignal closes the upstream request at once (the provider stops generating).
import { ChatStreamParser } from '../models/chatStream';
import { publicModelInfo, type CompleteLaneConfig } from '../models/config';
import { formatNextEditChat, type NextEditContext } from '../models/formats/nextEditPrompt';
import { createHttpTransport } from '../models/httpTransport';
import { requestBody } from '../models/wire';

/** Most tokens of one answer: a hunk of a few lines. */
export const MAX_NEXT_EDIT_TOKENS = 256;

export type NextEditAnswerText = { text: string; sentAt: number; firstTokenAt: number | null };

export type NextEditModel = {
  info(): { model: string; simulated: boolean };
  /** The model's answer to the prompt; throws a ModelError (kind `aborted` when the signal fired). */
  ask(context: NextEditContext, signal: AbortSignal): Promise<NextEditAnswerText>;
  close(): Promise<void>;
};

export function createNextEditModel(lane: CompleteLaneConfig, simBaseUrl: string | undefined): NextEditModel {
  const baseUrl = lane.simulated ? simBaseUrl : lane.baseUrl;
  if (!baseUrl) throw new Error('the completion lane is simulated: start the simulated server and pass its baseUrl');
  const shown = publicModelInfo(lane);
  const who = `The next-edit model (${shown.model} at ${shown.host}${shown.simulated ? ', simulated' : ''})`;
  const http = createHttpTransport(lane, baseUrl, who);

  async function ask(context: NextEditContext, signal: AbortSignal): Promise<NextEditAnswerText> {
    const chat = { messages: formatNextEditChat(context), maxTokens: MAX_NEXT_EDIT_TOKENS, temperature: 0 };
    const sentAt = performance.now();
    let text = '';
    let firstTokenAt: number | null = null;
    for await (const event of http.stream(
      'chat/completions',
      requestBody(lane.model, chat, true),
      new ChatStreamParser(),
      {
        signal,
      },
    )) {
      if (event.type === 'text') {
        firstTokenAt ??= event.at;
        text += event.text;
      } else if (event.type === 'error') throw event.error;
      else if (event.type === 'finish') break;
    }
    return { text, sentAt, firstTokenAt };
  }

  return {
    info: () => ({ model: shown.model, simulated: shown.simulated }),
    ask,
    close: () => http.close(),
  };
}
