// Why: a provider that sends no `usage` leaves the token counts to us. They are then estimated
// from characters (one rule for every lane), and the count says so, so that budgets and the
// dashboard can show an estimate as an estimate.
import type { ChatMessage, Usage } from '../models/types';

const CHARS_PER_TOKEN = 4;

export type TokenCount = { tokensIn: number; tokensOut: number; estimated: boolean };

export const estimateTokens = (chars: number): number => Math.ceil(chars / CHARS_PER_TOKEN);

/** Characters the model reads from these messages (their text and the tool calls they carry). */
export function promptChars(messages: readonly ChatMessage[]): number {
  const toolCalls = (m: ChatMessage) => (m.role === 'assistant' ? JSON.stringify(m.tool_calls ?? []).length : 0);
  return messages.reduce((n, m) => n + (m.content?.length ?? 0) + toolCalls(m), 0);
}

/** The provider's usage when it sent one; otherwise an estimate from the characters in and out. */
export function tokenCount(
  usage: Pick<Usage, 'promptTokens' | 'completionTokens'> | null,
  messages: readonly ChatMessage[],
  outChars: number,
): TokenCount {
  if (usage) return { tokensIn: usage.promptTokens, tokensOut: usage.completionTokens, estimated: false };
  return { tokensIn: estimateTokens(promptChars(messages)), tokensOut: estimateTokens(outChars), estimated: true };
}

/** "1,234 tokens", or "≈1,234 tokens (an estimate)" when any of them was estimated. */
export function describeTokens(tokens: number, estimated: boolean): string {
  const n = tokens.toLocaleString('en-US');
  return estimated ? `≈${n} tokens (an estimate: the provider sent no token counts)` : `${n} tokens`;
}
