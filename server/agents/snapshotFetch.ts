// Why: the worker's side of snapshots that travel (see snapshotServer.ts). A worker without the
// workspace folder puts a fresh key for the run in Redis, asks the web nodes that announce
// snapshots (the most recent first) for the run's files, unpacks them in a temporary folder and
// makes its own snapshot of them there (a copy with a private repository, as for any folder that
// is not a git repository). The diff it computes travels back in the run log, like its evidence.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Redis } from 'ioredis';
import { request } from 'undici';
import { runKeys } from './redisKeys';
import { createSnapshot, type Snapshot } from './snapshot/snapshot';
import { ANNOUNCE_VALID_MS } from './snapshotServer';

export type FetchedSnapshot = { snapshot: Snapshot; from: string };

const KEY_TTL_S = 300;

export async function fetchSnapshot(o: {
  redis: Redis;
  workspace: string;
  /** The web nodes' workspace token. */
  token: string;
  runId: string;
  runDir: string;
  dataDir: string;
}): Promise<FetchedSnapshot> {
  const keys = runKeys(o.workspace);
  const now = Date.now();
  const servers = Object.entries(await o.redis.hgetall(keys.snapshotServers))
    .filter(([, at]) => now - Number(at) < ANNOUNCE_VALID_MS)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map(([url]) => url);
  if (servers.length === 0) throw new Error('no web node of this workspace serves snapshots now');
  const key = randomBytes(24).toString('base64url');
  await o.redis.set(keys.snapshotKey(o.runId), key, 'EX', KEY_TTL_S);
  const failures: string[] = [];
  try {
    for (const base of servers) {
      const incoming = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-incoming-'));
      try {
        const query = new URLSearchParams({ run: o.runId, key });
        const overlaid = await download(`${base}/api/runs/snapshot?${query}`, o.token, incoming);
        const snapshot = await createSnapshot({
          workspaceRoot: incoming,
          runDir: o.runDir,
          dataDir: o.dataDir,
          liveTexts: [],
        });
        return { snapshot: { ...snapshot, overlaid }, from: base };
      } catch (err) {
        failures.push(`${base}: ${(err as Error).message}`);
        fs.rmSync(o.runDir, { recursive: true, force: true });
      } finally {
        fs.rmSync(incoming, { recursive: true, force: true });
      }
    }
    throw new Error(`could not fetch it from any web node (${failures.join('; ')})`);
  } finally {
    await o.redis.del(keys.snapshotKey(o.runId));
  }
}

/** Unpacks the archive into `into`; returns the paths whose unsaved text it carries. */
async function download(url: string, token: string, into: string): Promise<string[]> {
  const res = await request(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${(await res.body.text()).slice(0, 300)}`);
  const tar = spawn('tar', ['-C', into, '--no-same-owner', '-xf', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => tar.once('close', resolve));
  await pipeline(res.body, tar.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`tar could not unpack the snapshot (exit ${code}): ${stderr.trim()}`);
  const overlaid = res.headers['x-tandem-overlaid'];
  return JSON.parse(typeof overlaid === 'string' ? overlaid : '[]') as string[];
}
