// Why: every Redis name the background lane uses, in one place, per workspace — so that several
// workspaces can share one Redis, and a web node, a worker and a test agree on the names. A
// workspace is named by a hash of its folder's path: nodes and workers on one machine (or on
// machines that mount the folder at the same path) share its runs.
import { createHash } from 'node:crypto';

/** BullMQ's own key prefix for Tandem's queues. */
export const BULLMQ_PREFIX = 'tandem:bull';

export function runKeys(workspaceRoot: string) {
  const ws = createHash('sha256').update(workspaceRoot).digest('hex').slice(0, 16);
  const base = `tandem:runs:${ws}`;
  return {
    /** The BullMQ queue of the workspace's runs. */
    queueName: `runs-${ws}`,
    /** Pub/sub channel: "cancel this run", heard by whichever node holds it. */
    cancelChannel: `${base}:cancel`,
    /** The reason a run was cancelled, kept for the holder that checks (or restarts) it later. */
    cancelReason: (runId: string) => `${base}:cancel:${runId}`,
    /** The ordered log of every change to the workspace's runs (a stream). */
    feed: `${base}:feed`,
    /** A random name given to the log when it is first used: a copy of another log reads this one from its start. */
    feedEpoch: `${base}:feed:epoch`,
    /** The compacted part of the log (a hash): "@at" → the last entry it covers, run id → its state then. */
    feedSnapshot: `${base}:feed:snapshot`,
    /** The last entry trimmed from the log: a copy that read less must load the snapshot. */
    feedTrimmed: `${base}:feed:trimmed`,
    /** Held by the process compacting the log (short-lived). */
    feedCompacting: `${base}:feed:compacting`,
    /** Each run's last evidence sequence number (a hash). */
    seqs: `${base}:seq`,
    /** Web nodes that serve snapshots to workers without the folder: base URL → last said (ms). */
    snapshotServers: `${base}:snapshot-servers`,
    /** The key a worker must show to fetch the run's snapshot (set by the worker, short-lived). */
    snapshotKey: (runId: string) => `${base}:snapshot-key:${runId}`,
    /** The unsaved text of open documents when a run was queued (JSON). */
    liveTexts: (runId: string) => `${base}:live:${runId}`,
  };
}

export type RunKeys = ReturnType<typeof runKeys>;
