// A turn's latency figures as the HUD and the server's record show them: the server's measurements
// plus what this browser timed (submit → first paint, delivery → paint, interrupt, redirect), and
// the part of it the server records with the turn's outcome.
import type { ClientMetrics } from '../../protocol';
import type { TurnFigures } from '../stores/ghostStore';
import type { GhostTurn } from './ghostTurn';

export function turnFigures(turn: GhostTurn): TurnFigures {
  const t = turn.timings;
  return {
    ...turn.serverMetrics,
    model: turn.info.model.model,
    simulated: turn.info.model.simulated,
    ...(t.submitAt !== undefined && t.firstPaintAt !== undefined
      ? { submitToFirstPaintMs: t.firstPaintAt - t.submitAt }
      : {}),
    ...(t.firstDeltaAt !== undefined && t.firstPaintAt !== undefined
      ? { deliveryToPaintMs: t.firstPaintAt - t.firstDeltaAt }
      : {}),
    ...(t.interruptAt !== undefined
      ? { interruptToLastPaintMs: Math.max(0, (t.lastPaintAt ?? t.interruptAt) - t.interruptAt) }
      : {}),
    ...(t.interruptAt !== undefined && t.interruptAckAt !== undefined
      ? { escToUpstreamClosedMs: t.interruptAckAt - t.interruptAt }
      : {}),
    ...(t.redirectAt !== undefined && t.redirectFirstPaintAt !== undefined
      ? { redirectToFirstPaintMs: t.redirectFirstPaintAt - t.redirectAt }
      : {}),
  };
}

const CLIENT_KEYS = [
  'submitToFirstPaintMs',
  'deliveryToPaintMs',
  'interruptToLastPaintMs',
  'escToUpstreamClosedMs',
  'redirectToFirstPaintMs',
] as const;

/** What this browser measured, as the server records it with the turn's outcome. */
export function clientMetricsOf(figures: TurnFigures): ClientMetrics {
  const metrics: ClientMetrics = {};
  for (const key of CLIENT_KEYS) {
    const v = figures[key];
    if (v !== undefined) metrics[key] = Math.max(0, v);
  }
  return metrics;
}
