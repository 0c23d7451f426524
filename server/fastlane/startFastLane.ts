// Why: the fast lane as the process composes it — turns a crash cut are put on record as
// interrupted before any new turn starts, budgets and figures go to the metrics hub, every turn's
// events go to its file's room on every node, and the upstream connection is warmed at start so
// the first person's first turn does not pay for it. app.ts calls it once.
import type { MetricsHub } from '../metrics/metricsHub';
import type { ModelLanes } from '../models/lanes';
import { FastLane } from './fastLane';
import type { TranscriptStore } from './transcriptStore';
import { docRoomName } from '../gateway/handle';
import type { Broadcast } from '../cluster/broadcast';

export async function startFastLane(d: {
  provider: ModelLanes['fast'];
  transcripts: TranscriptStore;
  metrics: MetricsHub;
  broadcast: Broadcast;
  /** Whether a person's tab is connected here or on another node (their turn outlives a reconnect). */
  connected: (client: string) => Promise<boolean>;
  reconnectGraceMs: number;
  log: (m: string) => void;
}): Promise<FastLane> {
  const { metrics, broadcast, log } = d;
  // Turns that were streaming when this process (node) last stopped (a crash): interrupted, output kept.
  const cut = await d.transcripts.endStreaming('the server stopped while this streamed');
  if (cut > 0) log(`${cut} fast-lane turn(s) cut by the last stop are on record as interrupted`);
  const fast = new FastLane({
    provider: d.provider,
    transcripts: d.transcripts,
    admit: () => metrics.checkBudget('fast'),
    report: {
      figures: (values) => metrics.observe('fast', values),
      usage: (person, count) => metrics.addUsage('fast', person, count),
    },
    log,
    reconnectGraceMs: d.reconnectGraceMs,
    connected: d.connected,
    emit: {
      started: (path, turn) => broadcast(docRoomName(path), 'fast/started', turn),
      delta: (path, delta) => broadcast(docRoomName(path), 'fast/delta', delta),
      state: (path, event) => broadcast(docRoomName(path), 'fast/state', event),
    },
  });
  void d.provider.prewarm();
  return fast;
}
