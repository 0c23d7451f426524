// A conversation continued with `previous_response_id` (pure bookkeeping). An agent sends its whole
// history on every turn; over a WebSocket the provider already holds the last response and what
// led to it, so only what came after the model's answer (tool results, new messages) need go out.
// A turn continues the chain only when its messages start with exactly the last turn's messages
// followed by the model's answer; anything else (a rewritten history, another socket) starts anew.
import type { ChatMessage } from '../types';

export type ChainPlan = { previousResponseId: string | null; newMessages: readonly ChatMessage[] };

export class ResponseChain {
  private responseId: string | null = null;
  private sent: string[] = [];
  /** The connection that holds the chain (a provider's state is per connection); opaque here. */
  holder: object | null = null;

  plan(messages: readonly ChatMessage[], holder: object): ChainPlan {
    const n = this.sent.length;
    const continues =
      this.responseId !== null &&
      this.holder === holder &&
      messages.length > n + 1 &&
      messages[n]!.role === 'assistant' &&
      this.sent.every((json, i) => json === JSON.stringify(messages[i]));
    if (!continues) return { previousResponseId: null, newMessages: messages };
    return { previousResponseId: this.responseId, newMessages: messages.slice(n + 1) };
  }

  /** The turn with these messages was answered by `responseId` on `holder`'s connection. */
  record(messages: readonly ChatMessage[], responseId: string, holder: object): void {
    this.responseId = responseId;
    this.holder = holder;
    this.sent = messages.map((m) => JSON.stringify(m));
  }

  reset(): void {
    this.responseId = null;
    this.holder = null;
    this.sent = [];
  }
}
