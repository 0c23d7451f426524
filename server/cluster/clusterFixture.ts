// What the cluster tests share: one real redis-server per test file (emptied between tests), web
// nodes started in-process on one workspace with their own data folders, people on them (an asker
// of ghost edits, a watcher who follows them), and a direct look at what Redis holds for a document.
import fs from 'node:fs';
import nodePath from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import * as Y from 'yjs';
import type { CollabDoc } from '../../lib/client/collabDoc';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import type { FastDelta, FastTurnSnapshot } from '../../lib/protocol';
import type { ClientSocket } from '../../lib/client/socket';
import { DocRoom } from '../collab/docRoom';
import type { TandemConfig } from '../config';
import type { SimProfiles } from '../models/lanes';
import { connectClient, openDoc, startTestServer, tempDir, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { startRedis, type TestRedis } from '../testing/redis';
import { startServerProcess } from '../testing/serverProcess';
import { RedisDocStore } from './redisDocStore';

export type Node = Awaited<ReturnType<typeof startTestServer>>;

const BODY = Array.from({ length: 30 }, (_, i) => `  total += item${i}; // line ${i}`).join('\n');
/** A ghost edit long enough to join mid-stream: a rename over a 33-line function. */
export const RENAME = {
  path: 'src/f.ts',
  code: `export function f(total: number) {\n${BODY}\n  return total;\n}\n`,
  range: { startLine: 1, endLine: 33 },
  instruction: 'rename total to sum',
  renamed: (original: string) => original.replace(/\btotal\b/g, 'sum'),
};

/** A browser's animation frames, for a FastLaneClient in Node. */
const frames = (cb: () => void) => setTimeout(cb, 16) as unknown as number;

export function clusterFixture() {
  let redis: TestRedis | null = null;
  let direct: Redis | null = null;
  let nodes: Node[] = [];
  let sockets: ClientSocket[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    direct = new Redis(redis.url, { maxRetriesPerRequest: null });
    direct.on('error', () => undefined);
  });
  afterEach(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all(nodes.map((n) => n.close().catch(() => undefined)));
    sockets = [];
    nodes = [];
    await direct?.flushall();
  });
  afterAll(async () => {
    direct?.disconnect();
    await redis?.stop();
    if (redis) fs.rmSync(redis.dir, { recursive: true, force: true });
  });

  const fx = {
    redis: () => redis!,
    /** A connection of the test's own, to look at Redis directly. */
    direct: () => direct!,
    /** A web node on `workspace` with its own data folder. */
    async node(
      nodeId: string,
      workspace: string,
      overrides: Partial<TandemConfig> = {},
      simProfiles: SimProfiles = {},
    ): Promise<Node> {
      const n = await startTestServer({ redisUrl: redis!.url, nodeId, workspace, ...overrides }, simProfiles);
      nodes.push(n);
      return n;
    },
    /** Closes the test's nodes now (before something they use goes away). */
    async closeAll(): Promise<void> {
      sockets.forEach((s) => s.disconnect());
      await Promise.all(nodes.map((n) => n.close().catch(() => undefined)));
      sockets = [];
      nodes = [];
    },
    /** Forgets a node the test closed (or killed) itself. */
    drop(n: Node): void {
      nodes = nodes.filter((x) => x !== n);
    },
    async person(
      url: string,
      name = 'tester',
      opts: { beforeConnect?: (s: ClientSocket) => void; clientKey?: string } = {},
    ): Promise<ClientSocket> {
      return fx.track(await connectClient(url, { name, ...opts }));
    },
    /** A person on `url` with `path` open: their socket (a `clientKey` makes them the same tab again). */
    async personOn(url: string, path: string, name: string, clientKey?: string): Promise<ClientSocket> {
      const s = await fx.person(url, name, clientKey ? { clientKey } : {});
      await openDoc(s, path);
      return s;
    },
    /** A person on `url` with `path` open who asks ghost edits (what they accept goes into their copy). */
    async asker(url: string, path: string, name: string) {
      const socket = await fx.person(url, name);
      const doc = await openDoc(socket, path);
      const fast = new FastLaneClient(socket, (_p, change) => (doc.doc.transact(() => change(doc.text)), true), frames);
      return { socket, doc, fast };
    },
    /**
     * A person on `url` who opens `path` and follows its ghosts, read-only: the turns announced to them
     * (`fast/started`, the snapshot of one already streaming included) and the deltas, in arrival order.
     */
    async watcher(url: string, path: string, name: string) {
      const socket = await fx.person(url, name);
      const started: FastTurnSnapshot[] = [];
      const deltas: FastDelta[] = [];
      socket.on('fast/started', (t) => started.push(t));
      socket.on('fast/delta', (d) => deltas.push(d));
      const fast = new FastLaneClient(socket, () => false, frames);
      await openDoc(socket, path);
      return { socket, fast, started, deltas };
    },
    /** A socket the test opened itself, disconnected after the test. */
    track(s: ClientSocket): ClientSocket {
      sockets.push(s);
      return s;
    },
    /**
     * A web node in a child process (so a test can SIGKILL it) on `workspace`, with the workspace's
     * tandem.config.json; the test stops it. Reusing `dataDir` restarts the same node.
     */
    async processNode(nodeId: string, workspace: string, dataDir = tempDir(`data-${nodeId}`)) {
      return startServerProcess({
        workspace,
        dataDir,
        token: TEST_TOKEN,
        env: {
          REDIS_URL: redis!.url,
          TANDEM_NODE_ID: nodeId,
          TANDEM_CONFIG: nodePath.join(workspace, 'tandem.config.json'),
        },
      });
    },
    /** A person on `url` with `path` open. */
    async editor(url: string, path: string, name?: string): Promise<CollabDoc> {
      return openDoc(await fx.person(url, name), path);
    },
    /** The document's text as Redis holds it (snapshot and log), read by a store of the test's own. */
    async storedText(node: Node, path: string): Promise<string> {
      const { updates } = await new RedisDocStore(direct!, 'test-reader').load(DocRoom.idFor(node.workspace, path));
      const doc = new Y.Doc();
      for (const u of updates) Y.applyUpdate(doc, u);
      return doc.getText('content').toString();
    },
    async waitForText(doc: CollabDoc, check: (text: string) => boolean, what: string): Promise<void> {
      await waitFor(() => check(doc.text.toString()), 20_000, what);
    },
  };
  return fx;
}
