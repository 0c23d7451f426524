// Why: a worker on a machine without the workspace folder still needs the run's snapshot. Every
// web node of the workspace (which has the folder) can make one and send it: it announces its URL
// in Redis, and `GET /api/runs/snapshot?run=<id>&key=<key>` — behind the workspace token like
// every endpoint, and with a key the worker put in Redis for that run a moment before (valid
// five minutes) — takes a snapshot of the workspace with the unsaved texts kept when the run was
// queued, and sends its files as a tar archive (without .git and node_modules), packed by a tar
// started off the event loop (snapshot/offLoop.ts, like every child process of a run) into a file
// beside the snapshot. The snapshot and its archive are removed once sent.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Redis } from 'ioredis';
import type { Endpoint } from '../http/endpoints';
import { sendError } from '../http/json';
import { RedisLiveTexts } from './liveTexts';
import { runKeys, type RunKeys } from './redisKeys';
import { execFileOffLoop } from './snapshot/offLoop';
import { createSnapshot, removeSnapshot } from './snapshot/snapshot';
import { within } from '../../lib/within';

/** How often a web node says it serves snapshots, and how long that holds. */
export const ANNOUNCE_MS = 10_000;
export const ANNOUNCE_VALID_MS = 3 * ANNOUNCE_MS;

export class SnapshotServer {
  private readonly keys: RunKeys;
  private readonly redis: Redis;
  private readonly texts: RedisLiveTexts;
  private timer: NodeJS.Timeout | null = null;
  private url: string | null = null;
  private taking: Promise<unknown> = Promise.resolve();
  /** The data folder as a real path (a data folder inside the workspace is never sent). */
  private readonly dataDir: string;

  constructor(
    redisUrl: string,
    private readonly workspace: string,
    dataDir: string,
    private readonly log: (m: string) => void,
  ) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.dataDir = fs.realpathSync(dataDir);
    this.keys = runKeys(workspace);
    this.redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', (err) => log(`snapshot server: redis: ${err.message}`));
    this.texts = new RedisLiveTexts(this.redis, workspace, { openTexts: async () => [] });
  }

  /** Starts telling workers where to fetch snapshots (this node's base URL). */
  announce(url: string): void {
    this.url = url;
    const tell = () =>
      void this.redis
        .hset(this.keys.snapshotServers, url, String(Date.now()))
        .catch((err: Error) => this.log(`snapshot server: could not announce: ${err.message}`));
    tell();
    this.timer = setInterval(tell, ANNOUNCE_MS);
  }

  readonly endpoint: Endpoint = async (_req, res, url) => {
    const runId = url.searchParams.get('run') ?? '';
    const key = url.searchParams.get('key') ?? '';
    const expected = runId ? await this.redis.get(this.keys.snapshotKey(runId)) : null;
    if (!expected || !sameKey(expected, key))
      return sendError(
        res,
        403,
        'forbidden',
        `no snapshot of run ${JSON.stringify(runId)} may be fetched with this key`,
      );
    const runDir = path.join(this.dataDir, 'outgoing', randomUUID());
    const archive = `${runDir}.tar`;
    try {
      const liveTexts = await this.texts.read(runId);
      // One at a time, as the run service takes them: git's worktree locks never collide.
      const taking = this.taking.then(() =>
        createSnapshot({ workspaceRoot: this.workspace, runDir, dataDir: this.dataDir, liveTexts }),
      );
      this.taking = taking.catch(() => undefined);
      const snapshot = await taking;
      await execFileOffLoop(
        'tar',
        ['-C', snapshot.dir, '--exclude=./.git', '--exclude=./node_modules', '-cf', archive, '.'],
        {
          cwd: this.dataDir,
          env: process.env,
          maxBuffer: 1024 * 1024,
          encoding: 'utf8',
        },
      );
      res.statusCode = 200;
      res.setHeader('Content-Type', 'application/x-tar');
      res.setHeader('X-Tandem-Overlaid', JSON.stringify(snapshot.overlaid));
      await pipeline(fs.createReadStream(archive), res);
    } finally {
      fs.rmSync(archive, { force: true });
      if (fs.existsSync(runDir)) await removeSnapshot(runDir, this.workspace);
    }
  };

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // Without Redis this would wait for it; the announcement runs out by itself anyway.
    if (this.url) await within(1000, this.redis.hdel(this.keys.snapshotServers, this.url));
    this.redis.disconnect();
  }
}

function sameKey(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
