// Ghost edits as React sees them: one entry per turn, updated on state changes (never per token),
// plus the last finished turn's latency figures for the metrics HUD.
import { create } from 'zustand';
import type { Alternative, FastIntent, GhostState, ServerTurnMetrics } from '../../protocol';

export type GhostSummary = {
  requestId: string;
  path: string;
  by: string;
  self: boolean;
  state: GhostState;
  message?: string;
  instruction: string;
  redirects: string[];
  /** `answer`: the turn answers in words (shown in the Fast lane panel); there is nothing to accept. */
  intent: FastIntent;
  hunks: number;
  /** One of several alternatives: which, whether it is the one on screen, and its figures so far. */
  alternative?: Alternative;
  shown?: boolean;
  figures?: Pick<ServerTurnMetrics, 'ttftMs' | 'tokensPerSec'>;
};

export type TurnFigures = ServerTurnMetrics & {
  submitToFirstPaintMs?: number;
  deliveryToPaintMs?: number;
  interruptToLastPaintMs?: number;
  /** Esc → the server's answer, sent once the upstream response closed. */
  escToUpstreamClosedMs?: number;
  redirectToFirstPaintMs?: number;
  model?: string;
  simulated?: boolean;
};

export const useGhostStore = create<{ ghosts: Record<string, GhostSummary>; lastFigures: TurnFigures | null }>(() => ({
  ghosts: {},
  lastFigures: null,
}));

export function putGhost(g: GhostSummary): void {
  useGhostStore.setState((s) => ({ ghosts: { ...s.ghosts, [g.requestId]: g } }));
}

export function dropGhost(requestId: string): void {
  useGhostStore.setState((s) => {
    const ghosts = { ...s.ghosts };
    delete ghosts[requestId];
    return { ghosts };
  });
}
