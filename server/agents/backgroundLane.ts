// Why: the background lane as the process composes it — the RunService with its queue and ledger
// (embedded, or BullMQ and the Redis run log in a cluster), the people it tells about runs, the
// metrics its runs report to, and, in a cluster, the snapshot server that hands workers a copy of
// the workspace. app.ts calls it once.
import type { TandemIo } from '../gateway/gateway';
import { runRoomName } from '../gateway/runEvents';
import type { MetricsHub } from '../metrics/metricsHub';
import type { ModelProvider } from '../models/provider';
import type { TranscriptStore } from '../fastlane/transcriptStore';
import type { Db } from '../store/db';
import type { Workspace } from '../workspace/workspace';
import { redisRunBackend } from './runBackend';
import { RunService, type RunServiceDeps } from './runService';
import { DEFAULT_RUN_SETTINGS, type RunSettings } from './settings';
import { SnapshotServer } from './snapshotServer';

export async function startBackgroundLane(d: {
  db: Db;
  workspace: Workspace;
  docs: RunServiceDeps['docs'];
  provider: ModelProvider;
  transcripts: Pick<TranscriptStore, 'recent'>;
  io: TandemIo;
  metrics: MetricsHub;
  config: { dataDir: string; redisUrl?: string | null; nodeId: string };
  settings?: RunSettings;
  log: (m: string) => void;
}): Promise<{ runs: RunService; snapshots: SnapshotServer | null }> {
  const { config, io, metrics } = d;
  // Cluster mode: runs queue on BullMQ and live in the Redis run log, which every node reads and
  // tells its own sockets about (so: local emits, each change once per node).
  const to = config.redisUrl ? io.local : io;
  const runs = await RunService.start({
    db: d.db,
    workspace: d.workspace,
    docs: d.docs,
    provider: d.provider,
    dataDir: config.dataDir,
    settings: d.settings ?? DEFAULT_RUN_SETTINGS,
    transcripts: d.transcripts,
    ...(config.redisUrl ? { backend: redisRunBackend(config.redisUrl, { nodeId: config.nodeId }) } : {}),
    emit: {
      updated: (run) => to.emit('run/updated', run),
      evidence: (event) => to.to(runRoomName(event.runId)).emit('run/evidence', event),
      removed: (runId) => to.emit('run/removed', { runId }),
    },
    report: {
      admit: () => metrics.checkBudget('strong'),
      figures: (values) => metrics.observe('strong', values),
      usage: (person, tokens) => metrics.addUsage('strong', person, tokens),
      finished: (outcome, durationMs, processedBy) => metrics.runFinished(outcome, durationMs, processedBy),
    },
    log: d.log,
  });
  // Cluster mode: this node sends run snapshots to workers that do not see the workspace folder.
  const snapshots = config.redisUrl
    ? new SnapshotServer(config.redisUrl, d.workspace.root, config.dataDir, d.log)
    : null;
  return { runs, snapshots };
}
