// The records people make and are judged by — invitations, token usage (and so the budgets) and
// the fast lane's transcripts — in one place per mode: this process's SQLite, or in a cluster
// Redis, shared by every node (docs/operations.md "What is shared where"). Chosen once here;
// nothing that uses them knows which it has.
import type { InviteStore } from '../auth/inviteStore';
import { RedisInviteStore } from '../auth/redisInviteStore';
import { SqliteInviteStore } from '../auth/sqliteInviteStore';
import type { ClusterNode } from '../cluster/clusterNode';
import { connectRedis } from '../cluster/redisClient';
import type { Redis } from 'ioredis';
import { RedisTranscriptStore } from '../fastlane/redisTranscriptStore';
import { SqliteTranscriptStore } from '../fastlane/sqliteTranscriptStore';
import type { TranscriptStore } from '../fastlane/transcriptStore';
import { RedisUsageStore } from '../metrics/redisUsageStore';
import { SqliteUsageStore, type UsageStore } from '../metrics/usageStore';
import type { Db } from './db';

export type RecordStores = {
  invites: InviteStore;
  usage: UsageStore;
  transcripts: TranscriptStore;
  close(bounded: (what: string, work: Promise<unknown> | undefined) => Promise<void>): Promise<void>;
};

export async function openRecordStores(o: {
  db: Db;
  workspaceRoot: string;
  workspaceName: string;
  log: (m: string) => void;
  /** Cluster mode: the node's Redis connection and its part in the cluster. */
  cluster: { url: string; redis: Redis; node: ClusterNode; nodeId: string; durableWaitMs: number } | null;
}): Promise<RecordStores> {
  const { db, workspaceRoot, workspaceName, log, cluster } = o;
  const localUsage = new SqliteUsageStore(db, workspaceName);
  if (!cluster) {
    const invites = new SqliteInviteStore(db);
    return {
      invites,
      usage: localUsage,
      transcripts: new SqliteTranscriptStore(db, workspaceRoot),
      close: (bounded) => bounded('the invitations', invites.close()),
    };
  }
  const { redis, node } = cluster;
  const invites = new RedisInviteStore(await connectRedis(cluster.url, 'tandem-invites'));
  const usage = await RedisUsageStore.open(redis, workspaceRoot, localUsage, log);
  const transcripts = new RedisTranscriptStore(redis, workspaceRoot, {
    nodeId: cluster.nodeId,
    waitMs: cluster.durableWaitMs,
    log,
    peers: {
      tell: (path) => node.talk.tell('transcript', { path }),
      listen: (fn) => node.talk.listen('transcript', ({ path }) => fn(path)),
    },
  });
  return {
    invites,
    usage,
    transcripts,
    async close(bounded) {
      usage.close();
      await bounded('the transcripts', transcripts.close());
      await bounded('the invitations', invites.close());
    },
  };
}
