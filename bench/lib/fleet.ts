// Why: the scale and cluster benchmarks compare one Tandem process with a cluster of them on the
// same workload. A fleet is either one embedded process or redis-server plus N nodes (`npm start`
// processes with REDIS_URL) on one shared workspace; its CPU is read from /proc for every process
// in it, Redis apart, so "server CPU per 1,000 tokens" means the same thing for both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis, type TestRedis } from '../../server/testing/redis';
import type { BenchContext } from './context';
import { treeCpuMs } from './proc';
import { startTandem, type Server } from './servers';

export type Fleet = {
  /** "1 node" or "2 nodes + Redis". */
  name: string;
  nodes: Server[];
  redis: TestRedis | null;
  /** CPU time (ms) used so far by the Tandem processes, and by redis-server (0 without one). */
  cpu(): { nodes: number; redis: number };
  stop(): Promise<void>;
};

/** The machine's 1, 5 and 15 minute load averages, as reported with each figure. */
export function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function writeWorkspace(files: Record<string, string>): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fleet-ws-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    fs.writeFileSync(path.join(ws, rel), text);
  }
  return ws;
}

/** One embedded process (count 1), or redis-server and `count` cluster nodes on one workspace. */
export async function startFleet(
  ctx: BenchContext,
  count: number,
  files: Record<string, string>,
  maxConnections?: number,
  /** Settings for every Tandem process of the fleet. */
  extraEnv: Record<string, string> = {},
): Promise<Fleet> {
  const base = { snapshot: ctx.snapshot, simBaseUrl: ctx.sim.server.baseUrl, ui: false, maxConnections };
  if (count === 1) {
    const node = await startTandem({ ...base, files, env: extraEnv });
    return {
      name: '1 node',
      nodes: [node],
      redis: null,
      cpu: () => ({ nodes: treeCpuMs(node.pid), redis: 0 }),
      stop: () => node.stop(),
    };
  }
  const redis = await startRedis();
  const ws = writeWorkspace(files);
  const nodes: Server[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
    fs.rmSync(ws, { recursive: true, force: true });
    fs.rmSync(redis.dir, { recursive: true, force: true });
  };
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => {
      const env = { ...extraEnv, REDIS_URL: redis.url, TANDEM_NODE_ID: `bench-${i}`, TANDEM_AUTOSAVE_MS: '0' };
      return startTandem({ ...base, files: {}, workspace: ws, env });
    }),
  );
  for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    name: `${count} nodes + Redis`,
    nodes,
    redis,
    cpu: () => ({ nodes: nodes.reduce((sum, n) => sum + treeCpuMs(n.pid), 0), redis: treeCpuMs(redis.pid()) }),
    stop,
  };
}
