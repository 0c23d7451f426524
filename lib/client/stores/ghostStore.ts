// Ghost edits as React sees them: one entry per turn, updated on state changes (never per token),
// plus the last finished turn's latency figures for the metrics HUD.
import { create } from 'zustand';
import type { GhostState, ServerTurnMetrics } from '../../protocol';

export type GhostSummary = {
  requestId: string;
  path: string;
  by: string;
  self: boolean;
  state: GhostState;
  message?: string;
  instruction: string;
  redirects: string[];
  hunks: number;
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
