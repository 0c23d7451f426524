// The autocomplete lane's model: one keep-alive HTTP pool to its endpoint, and one call — the text
// between a prefix and a suffix — made either as fill-in-the-middle (`POST /v1/completions` with
// `prompt` and `suffix`) or as a FIM prompt on Chat Completions, streamed, with small `max_tokens`
// and stop sequences. With the API setting `auto` the first call probes /v1/completions once (a
// 1-token request): answered → fim, refused (404/400/405…) → chat. The caller's AbortSignal closes
// the upstream request at once (the provider stops generating); so does reaching the line limit.
// Alternatives (the person cycles with Alt+]/[) are one whole, non-streamed request with `n` and
// some temperature, so the choices differ (choices.ts reads and dedupes them).
import type { CompleteApi, CompleteInfo } from '../../lib/protocol/complete';
import { ChatStreamParser } from '../models/chatStream';
import { publicModelInfo, type CompleteLaneConfig } from '../models/config';
import { localError, ModelError } from '../models/errors';
import { cleanChatFill, formatFimChat, type FimContext } from '../models/formats/fillInMiddle';
import { createHttpTransport, type StreamParser } from '../models/httpTransport';
import { requestBody } from '../models/wire';
import { choiceTexts } from './choices';
import { FimStreamParser } from './fimStream';

/** Most tokens and lines one suggestion may have: the rest of a line or a few lines. */
export const MAX_COMPLETION_TOKENS = 64;
export const MAX_COMPLETION_LINES = 6;
/** A blank line ends a completion: what follows is another thought. */
const STOP = ['\n\n'];
/** Alternatives are asked with some temperature: at 0 a model would give n times the same text. */
const ALTERNATIVES_TEMPERATURE = 0.7;

export type Fill = { text: string; api: CompleteApi; sentAt: number; firstTokenAt: number | null };
/** Distinct candidates, the model's first first; one when the model ignores `n`, none when it proposed nothing. */
export type Candidates = { texts: string[]; api: CompleteApi; sentAt: number };

export type CompletionModel = {
  info(): CompleteInfo;
  /**
   * The text at the cursor; throws a ModelError (kind `aborted` when the signal fired). `onText`
   * hears the answer so far after each streamed piece.
   */
  fill(context: FimContext, signal: AbortSignal, onText?: (soFar: string) => void): Promise<Fill>;
  /** Up to `n` candidates at the cursor, in one whole request; errors as `fill`'s. */
  candidates(context: FimContext, signal: AbortSignal, n: number): Promise<Candidates>;
  close(): Promise<void>;
};

/** Keeps at most MAX_COMPLETION_LINES lines of a streamed fill; true once it has them all. */
export function capLines(text: string): { text: string; full: boolean } {
  let at = -1;
  for (let n = 0; n < MAX_COMPLETION_LINES; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return { text, full: false };
  }
  return { text: text.slice(0, at), full: true };
}

/** A chat answer so far without the opening line of a code fence (all of it while that line is open). */
export function openedChatFill(soFar: string): string {
  if (!/^\s*```/.test(soFar)) return soFar;
  const eol = soFar.indexOf('\n');
  return eol === -1 ? '' : soFar.slice(eol + 1);
}

export function createCompletionModel(
  lane: CompleteLaneConfig,
  simBaseUrl: string | undefined,
  enabled: () => boolean,
): CompletionModel {
  const baseUrl = lane.simulated ? simBaseUrl : lane.baseUrl;
  if (!baseUrl) throw new Error('the completion lane is simulated: start the simulated server and pass its baseUrl');
  const shown = publicModelInfo(lane);
  const who = `The completion model (${shown.model} at ${shown.host}${shown.simulated ? ', simulated' : ''})`;
  const http = createHttpTransport(lane, baseUrl, who);
  let api: CompleteApi | null = lane.completeApi === 'auto' ? null : lane.completeApi;
  let probing: Promise<CompleteApi> | null = null;

  /** Not tied to one request: a superseded request must not fail the probe its successor waits for. */
  async function probe(): Promise<CompleteApi> {
    const body = JSON.stringify({ model: lane.model, prompt: 'x', suffix: '', max_tokens: 1, stream: false });
    try {
      await http.post('completions', body, AbortSignal.timeout(lane.ttftTimeoutMs));
      return 'fim';
    } catch (err) {
      // Refused by the server (no such route, or not for this model): chat it is. Anything else
      // (a network error, a timeout) decides nothing: the next call probes again.
      if (err instanceof ModelError && err.status !== null && err.status < 500 && err.status !== 429) return 'chat';
      throw new ModelError({
        kind: err instanceof ModelError ? err.kind : 'network',
        message: `${who} did not answer the probe of /v1/completions: ${(err as Error).message}`,
        secrets: [lane.apiKey],
      });
    }
  }

  async function resolveApi(): Promise<CompleteApi> {
    if (api !== null) return api;
    probing ??= probe().finally(() => (probing = null));
    api = await probing;
    return api;
  }

  function request(use: CompleteApi, context: FimContext): { endpoint: string; body: string; parser: StreamParser } {
    if (use === 'fim') {
      const body = JSON.stringify({
        model: lane.model,
        prompt: context.prefix,
        suffix: context.suffix,
        max_tokens: MAX_COMPLETION_TOKENS,
        temperature: 0,
        stop: STOP,
        stream: true,
      });
      return { endpoint: 'completions', body, parser: new FimStreamParser() };
    }
    const chat = { messages: formatFimChat(context), maxTokens: MAX_COMPLETION_TOKENS, temperature: 0, stop: STOP };
    return { endpoint: 'chat/completions', body: requestBody(lane.model, chat, true), parser: new ChatStreamParser() };
  }

  async function fill(context: FimContext, signal: AbortSignal, onText?: (soFar: string) => void): Promise<Fill> {
    const use = await resolveApi();
    if (signal.aborted) throw new ModelError({ kind: 'aborted', message: `${who}: the request was superseded` });
    const { endpoint, body, parser } = request(use, context);
    // Ours too: reaching the line limit closes the request like a superseding keystroke does.
    const enough = new AbortController();
    const sentAt = performance.now();
    let text = '';
    let firstTokenAt: number | null = null;
    for await (const event of http.stream(endpoint, body, parser, {
      signal: AbortSignal.any([signal, enough.signal]),
    })) {
      if (event.type === 'text') {
        firstTokenAt ??= event.at;
        const capped = capLines(text + event.text);
        text = capped.text;
        onText?.(use === 'chat' ? openedChatFill(text) : text);
        if (capped.full) {
          enough.abort();
          break;
        }
      } else if (event.type === 'error') {
        throw event.error;
      } else if (event.type === 'finish') break;
    }
    return { text: use === 'chat' ? cleanChatFill(text, context.suffix) : text, api: use, sentAt, firstTokenAt };
  }

  async function candidates(context: FimContext, signal: AbortSignal, n: number): Promise<Candidates> {
    const use = await resolveApi();
    if (signal.aborted) throw new ModelError({ kind: 'aborted', message: `${who}: the request was superseded` });
    const limits = { max_tokens: MAX_COMPLETION_TOKENS, temperature: ALTERNATIVES_TEMPERATURE, stop: STOP };
    const body =
      use === 'fim'
        ? { model: lane.model, prompt: context.prefix, suffix: context.suffix, ...limits, n, stream: false }
        : {
            ...(JSON.parse(requestBody(lane.model, { messages: formatFimChat(context) }, false)) as object),
            ...limits,
            n,
          };
    const sentAt = performance.now();
    let answer: unknown;
    try {
      answer = await http.post(use === 'fim' ? 'completions' : 'chat/completions', JSON.stringify(body), signal);
    } catch (err) {
      if (signal.aborted) throw new ModelError({ kind: 'aborted', message: `${who}: the request was superseded` });
      if (err instanceof ModelError) throw err;
      throw localError(who, 'network', (err as Error).message, [lane.apiKey]);
    }
    const texts = choiceTexts(answer, use, context.suffix);
    if (texts === null) throw localError(who, 'malformed', 'the answer has no choices', [lane.apiKey]);
    return { texts, api: use, sentAt };
  }

  return {
    candidates,
    info: () => ({ enabled: enabled(), model: shown.model, host: shown.host, simulated: shown.simulated, api }),
    fill,
    close: () => http.close(),
  };
}
