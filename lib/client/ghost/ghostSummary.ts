// What React is told about a turn (never per token): its state, instruction and redirects, how many
// hunks it proposes once it stopped, and, for one of several alternatives, whether it is on screen.
import type { GhostSummary } from '../stores/ghostStore';
import type { GhostTurn } from './ghostTurn';

export function ghostSummary(turn: GhostTurn, shown: boolean): GhostSummary {
  const { info } = turn;
  return {
    requestId: info.requestId,
    path: info.path,
    by: info.by,
    self: turn.self,
    state: turn.state,
    message: turn.message,
    instruction: info.instruction,
    redirects: turn.redirects,
    intent: info.intent,
    // An answer is words: there is no diff to count.
    hunks: turn.state === 'streaming' || info.intent === 'answer' ? 0 : turn.lines().hunks.length,
    ...(info.alternative
      ? {
          alternative: info.alternative,
          shown,
          figures: { ttftMs: turn.serverMetrics.ttftMs, tokensPerSec: turn.serverMetrics.tokensPerSec },
        }
      : {}),
  };
}
