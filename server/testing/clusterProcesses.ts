// What the cluster run tests share: one real redis-server per test file (emptied between tests),
// and the web nodes, connections and worker processes a test started, all closed after it.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ClientSocket } from '../../lib/client/socket';
import type { startTestServer } from './fixtures';
import { startRedis, type TestRedis } from './redis';
import type { ServerProcess } from './serverProcess';

type Node = Awaited<ReturnType<typeof startTestServer>>;

export function clusterProcesses() {
  const cluster = {
    /** Set before the file's first test. */
    redis: null as unknown as TestRedis,
    nodes: [] as Node[],
    sockets: [] as ClientSocket[],
    workers: [] as Omit<ServerProcess, 'url'>[],
  };
  beforeAll(async () => {
    cluster.redis = await startRedis({ fsync: 'everysec' });
  });
  afterEach(async () => {
    cluster.sockets.forEach((s) => s.disconnect());
    await Promise.all([...cluster.nodes.map((n) => n.close()), ...cluster.workers.map((w) => w.kill())]);
    [cluster.nodes, cluster.sockets, cluster.workers] = [[], [], []];
    const direct = new Redis(cluster.redis.url);
    await direct.flushall();
    direct.disconnect();
  });
  afterAll(() => cluster.redis.stop());
  return cluster;
}
