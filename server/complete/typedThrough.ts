// Whether a person's own edit, made while their completion request streams, types through what the
// model has sent so far (pure). The server aborts the request's upstream as soon as the person's
// update is applied — before the browser's complete/cancel arrives — unless the edit is exactly an
// insertion at the request's cursor (after what was already typed through) of text the answer so far
// starts with: then the answer stays useful, and the request goes on.

/** One op of a Y.Text change (Y.YTextEvent's delta; trailing retains are left out by Yjs). */
export type TextDeltaOp = { retain?: number; insert?: unknown; delete?: number };

/**
 * The text typed through after this edit (`typed` plus what it inserted), or null when the edit does
 * something else: deletes, inserts elsewhere or something the answer so far does not start with.
 * `cursor` is the request's cursor offset in the text it was asked at.
 */
export function typedThrough(
  delta: readonly TextDeltaOp[],
  cursor: number,
  typed: string,
  answerSoFar: string,
): string | null {
  const ops = delta[0]?.retain !== undefined ? delta.slice(1) : delta;
  const retained = delta[0]?.retain ?? 0;
  if (retained !== cursor + typed.length || ops.length !== 1) return null;
  const inserted = ops[0]!.insert;
  if (typeof inserted !== 'string' || inserted === '') return null;
  const now = typed + inserted;
  return answerSoFar.startsWith(now) ? now : null;
}
