// Why: the one place that picks where runs queue and live. Embedded: the SQLite queue and ledger
// of this process. Cluster mode (REDIS_URL): the BullMQ queue, the Redis run log, and the
// unsaved texts kept in Redis — shared by every web node and worker of the workspace.
import { Redis } from 'ioredis';
import type { Db } from '../store/db';
import { BullmqRunQueue } from './bullmqRunQueue';
import { openDocsNow, RedisLiveTexts, type LiveTextSource } from './liveTexts';
import { RedisRunLedger } from './redisRunLedger';
import type { LedgerListener, RunLedger } from './runLedger';
import type { RunFigures } from './runFigures';
import type { RunQueue } from './runQueue';
import type { RunSettings } from './settings';
import type { LiveText } from './snapshot/snapshot';
import { SqliteRunLedger } from './sqliteRunLedger';
import { fetchSnapshot, type FetchedSnapshot } from './snapshotFetch';
import { SqliteRunQueue } from './sqliteRunQueue';

export type RunBackend = {
  queue: RunQueue;
  ledger: RunLedger;
  liveTexts: LiveTextSource;
  /**
   * Other processes take and write these runs too: a run `running` here may be held by a worker
   * elsewhere (not interrupted by this process's restart), and a queued run stays queued in Redis.
   */
  shared: boolean;
  /** Set when this process cannot see the workspace folder: it fetches each run's snapshot from a web node. */
  fetchSnapshot?: (runId: string, runDir: string, dataDir: string) => Promise<FetchedSnapshot>;
  /** Cluster mode: where a run's figures go when it ends here (the run log, for every node). */
  shareFigures?: (runId: string, figures: RunFigures) => void;
  /** Closes what the queue and the ledger do not (after them). */
  close(): Promise<void>;
};

export type RunBackendContext = {
  db: Db;
  /** The workspace's root folder. */
  workspace: string;
  settings: RunSettings;
  docs: { openTexts(): Promise<LiveText[]> };
  listener: LedgerListener;
  log: (m: string) => void;
};

export type RunBackendFactory = (ctx: RunBackendContext) => Promise<RunBackend>;

export const embeddedRunBackend: RunBackendFactory = async (ctx) => ({
  queue: new SqliteRunQueue(ctx.db, ctx.workspace, ctx.settings.concurrency, ctx.log),
  ledger: new SqliteRunLedger(ctx.db, ctx.listener),
  liveTexts: openDocsNow(ctx.docs),
  shared: false,
  close: async () => undefined,
});

/**
 * `nodeId`: this process's name in the cluster (the figures of the runs it runs carry it);
 * `fetchSnapshots`: a worker without the workspace folder, with the web nodes' workspace token.
 */
export function redisRunBackend(
  redisUrl: string,
  opts: { nodeId: string; fetchSnapshots?: { token: string } },
): RunBackendFactory {
  return async (ctx) => {
    const ledger = await RedisRunLedger.open({ ...ctx, redisUrl, maxLogEntries: ctx.settings.logMaxEntries });
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    redis.on('error', (err) => ctx.log(`run texts: redis: ${err.message}`));
    return {
      queue: new BullmqRunQueue({
        redisUrl,
        workspace: ctx.workspace,
        concurrency: ctx.settings.concurrency,
        clusterConcurrency: ctx.settings.clusterConcurrency,
        lockDurationMs: ctx.settings.lockMs,
        stalledIntervalMs: ctx.settings.stalledCheckMs,
        log: ctx.log,
      }),
      ledger,
      liveTexts: new RedisLiveTexts(redis, ctx.workspace, ctx.docs),
      shared: true,
      shareFigures: (runId, figures) => ledger.shareFigures(runId, opts.nodeId, figures),
      ...(opts.fetchSnapshots
        ? {
            fetchSnapshot: (runId: string, runDir: string, dataDir: string) =>
              fetchSnapshot({
                redis,
                workspace: ctx.workspace,
                token: opts.fetchSnapshots!.token,
                runId,
                runDir,
                dataDir,
              }),
          }
        : {}),
      close: async () => redis.disconnect(),
    };
  };
}
