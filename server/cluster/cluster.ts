// Cluster mode, put together (REDIS_URL set): the Redis connections, the document store and feed,
// the file leases and the Socket.IO adapter. createTandem starts it before anything else (a Redis
// that does not answer stops the start with a clear error), hands the adapter to Socket.IO, and
// joins the node to the cluster once the server and its parts exist (clusterNode.ts).
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { within } from '../../lib/within';
import { ConfigError } from '../config';
import type { TandemIo } from '../gateway/gateway';
import { ClusterEpoch } from './clusterEpoch';
import { ClusterNode } from './clusterNode';
import { DocFeed } from './docFeed';
import { lastNewsId } from './docNews';
import { FileLeases } from './fileLeases';
import { ADAPTER_CHANNELS, ADAPTER_STREAM } from './keys';
import { connectRedis, shownUrl } from './redisClient';
import { RedisDocStore } from './redisDocStore';

/** How long a shutdown waits for Redis to answer QUIT. */
const QUIT_WAIT_MS = 1000;

export type ClusterOptions = { url: string; nodeId: string; autosaveMs: number; log: (m: string) => void };

/** XTRIM MINID (compaction) needs Redis 6.2. */
async function checkVersion(redis: Redis, url: string): Promise<void> {
  const info = await redis.info('server');
  const version = /redis_version:(\d+)\.(\d+)/.exec(info);
  if (version && (Number(version[1]) < 6 || (Number(version[1]) === 6 && Number(version[2]) < 2))) {
    throw new ConfigError(
      `Redis at ${shownUrl(url)} (REDIS_URL) is ${version[1]}.${version[2]}: Tandem needs 6.2 or newer`,
    );
  }
}

export async function startCluster(opts: ClusterOptions) {
  const { url, nodeId, log } = opts;
  const redis = await connectRedis(url, `tandem-${nodeId}`);
  const reader = await checkVersion(redis, url)
    .then(() => connectRedis(url, `tandem-${nodeId}-feed`))
    .catch((err: unknown) => {
      redis.disconnect();
      throw err;
    });
  const epoch = await ClusterEpoch.start(redis, log).catch((err: unknown) => {
    redis.disconnect();
    reader.disconnect();
    throw err;
  });
  const store = new RedisDocStore(redis, nodeId);
  const feed = new DocFeed(reader, redis, nodeId, store, log, await lastNewsId(redis));
  const leases = new FileLeases(redis, nodeId);
  const adapter = createAdapter(redis, { streamName: ADAPTER_STREAM, channelPrefix: ADAPTER_CHANNELS });
  let node: ClusterNode | null = null;
  log(`cluster mode: node ${nodeId}, Redis at ${shownUrl(url)}`);

  return {
    nodeId,
    /** The node's command connection, for the other shared stores (transcripts, usage). */
    redis,
    store,
    adapter,
    /** Once Socket.IO runs on the adapter: the node's document, presence and fast-lane parts. */
    join(io: TandemIo): ClusterNode {
      const joined = new ClusterNode({ io, redis, nodeId, feed, leases, autosaveMs: opts.autosaveMs, log });
      epoch.onLost(() => joined.docs.reseed());
      node = joined;
      return joined;
    },
    /** After the documents are closed (their last saves and lease releases need Redis). */
    async close(): Promise<void> {
      epoch.close();
      node?.close();
      await feed.close();
      // QUIT waits in the client's queue while Redis is away: a shutdown does not wait for it.
      if (!(await within(QUIT_WAIT_MS, redis.quit()))) redis.disconnect();
    },
  };
}

export type Cluster = Awaited<ReturnType<typeof startCluster>>;
