// Why: one step of the agent is one streamed model call: its text, its tool calls and its token
// use. A failed call (rate limit, overload, a dropped connection) is retried with backoff that
// honours Retry-After — the background lane should wait rather than fail — and a partial answer
// from a failed attempt is thrown away, never half used.
import type { ModelError } from '../models/errors';
import type { ModelProvider } from '../models/provider';
import type { ResponseChain } from '../models/responses/responseChain';
import { withRetry } from '../models/retry';
import type { ChatRequest, FinishReason, ToolCall } from '../models/types';
import { tokenCount, type TokenCount } from '../metrics/tokenCount';

/** Prompt and completion tokens of this call: the provider's usage, else an estimate that says so. */
export type TurnResult = TokenCount & {
  text: string;
  toolCalls: ToolCall[];
  finish: FinishReason | null;
  /** Request sent → first token, when a token came. */
  ttftMs: number | null;
  /** performance.now() when the request was sent and when the answer ended. */
  sentAt: number;
  endedAt: number;
};

export type TurnOptions = {
  signal: AbortSignal;
  onRetry: (error: ModelError, attempt: number, delayMs: number) => void;
  retries?: number;
  /** The run's conversation: continued with `previous_response_id` where the transport keeps one. */
  chain?: ResponseChain;
};

export async function modelTurn(provider: ModelProvider, request: ChatRequest, opts: TurnOptions): Promise<TurnResult> {
  return withRetry(
    async () => {
      let text = '';
      const toolCalls: ToolCall[] = [];
      let finish: FinishReason | null = null;
      let usage: { promptTokens: number; completionTokens: number } | null = null;
      let sentAt: number | null = null;
      let firstAt: number | null = null;
      for await (const ev of provider.stream(request, { signal: opts.signal, chain: opts.chain })) {
        sentAt ??= ev.timings.requestSent;
        firstAt ??= ev.timings.firstToken ?? null;
        if (ev.type === 'text') text += ev.text;
        else if (ev.type === 'tool-call')
          toolCalls.push({ id: ev.id, type: 'function', function: { name: ev.name, arguments: ev.arguments } });
        else if (ev.type === 'usage') usage = ev.usage;
        else if (ev.type === 'finish') finish = ev.reason;
        else if (ev.type === 'error') throw ev.error;
      }
      const outChars = text.length + toolCalls.reduce((n, c) => n + c.function.arguments.length, 0);
      const endedAt = performance.now();
      return {
        text,
        toolCalls,
        finish,
        ...tokenCount(usage, request.messages, outChars),
        ttftMs: firstAt !== null && sentAt !== null ? firstAt - sentAt : null,
        sentAt: sentAt ?? endedAt,
        endedAt,
      };
    },
    { retries: opts.retries ?? 4, baseDelayMs: 500, maxDelayMs: 60_000, signal: opts.signal, onRetry: opts.onRetry },
  );
}
