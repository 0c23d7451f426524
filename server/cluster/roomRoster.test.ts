// A broadcast goes through Redis only when another node has people in the room, and the nodes keep
// that right as people join and leave — with a real redis-server, two real Socket.IO servers on
// the Redis Streams adapter (as cluster.ts sets it up), real clients, and the test's own subscriber
// counting what is published. A join is known to the streaming node before the joiner's question
// for the turns in progress (same channel, in order), so an event sent while answering reaches it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastDelta } from '../../lib/protocol';
import type { TandemIo } from '../gateway/gateway';
import { docRoomName } from '../gateway/handle';
import { waitFor } from '../testing/fixtures';
import { startRedis, type TestRedis } from '../testing/redis';
import { clusterBroadcast, type Broadcast } from './broadcast';
import { ClusterTalk } from './clusterTalk';
import { ADAPTER_CHANNELS, ADAPTER_STREAM } from './keys';
import { connectRedis } from './redisClient';
import { RoomRoster } from './roomRoster';

const EVERY_MS = 200;
const ROOM = docRoomName('src/a.ts');

type TestNode = {
  io: TandemIo;
  url: string;
  roster: RoomRoster;
  broadcast: Broadcast;
  talk: ClusterTalk;
  close(): Promise<void>;
};

let redis: TestRedis;
let published = 0;
let monitor: Redis;
const open: { close(): Promise<void> | void }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  monitor = new Redis(redis.url);
  monitor.on('error', () => undefined);
  await monitor.subscribe(`${ADAPTER_CHANNELS}#/#`);
  monitor.on('messageBuffer', (_channel: Buffer, payload: Buffer) => {
    if (payload.includes('cluster:room')) published++;
  });
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});
afterAll(async () => {
  monitor.disconnect();
  await redis.stop();
});

async function node(nodeId: string): Promise<TestNode> {
  const client = await connectRedis(redis.url, `test-${nodeId}`);
  const httpServer = http.createServer();
  const io: TandemIo = new Server(httpServer, {
    transports: ['websocket'],
    adapter: createAdapter(client, { streamName: ADAPTER_STREAM, channelPrefix: ADAPTER_CHANNELS }),
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const talk = new ClusterTalk(io, nodeId, () => undefined);
  const roster = new RoomRoster(io, talk, client, EVERY_MS);
  const n: TestNode = {
    io,
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    roster,
    talk,
    broadcast: clusterBroadcast(io, roster.peers, roster.connected),
    close: async () => {
      roster.close();
      talk.close();
      await io.close();
      client.disconnect();
    },
  };
  open.push(n);
  return n;
}

/** A person on `n`, and the deltas it receives. */
async function person(n: TestNode): Promise<{ socket: ClientSocket; seen: FastDelta[] }> {
  const socket = connect(n.url, { transports: ['websocket'], forceNew: true });
  const seen: FastDelta[] = [];
  socket.on('fast/delta', (d: FastDelta) => seen.push(d));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  open.push({ close: () => void socket.disconnect() });
  return { socket, seen };
}

const delta = (seq: number): FastDelta => ({ requestId: 'turn-1', from: seq - 1, text: 'x', seq });
/** Joins (or leaves) the room on the node the socket is connected to, as doc/open does. */
const join = (n: TestNode, socket: ClientSocket) => n.io.in(socket.id!).socketsJoin(ROOM);
const leave = (n: TestNode, socket: ClientSocket) => n.io.in(socket.id!).socketsLeave(ROOM);

describe('broadcast across nodes, only where someone listens (real Redis)', () => {
  it('publishes nothing for a room only this node has; starts, stops as people elsewhere join, leave', async () => {
    const [a, b] = [await node('A'), await node('B')];
    await waitFor(() => !a.roster.peers.elsewhere(ROOM) && !b.roster.peers.elsewhere(ROOM), 10_000, 'both nodes sure');
    const asker = await person(a);
    const watcher = await person(b);
    join(a, asker.socket);
    await new Promise((r) => setTimeout(r, 3 * EVERY_MS));

    published = 0;
    for (let seq = 1; seq <= 5; seq++) a.broadcast(ROOM, 'fast/delta', delta(seq));
    await waitFor(() => asker.seen.length === 5, 5000, 'the asker’s deltas');
    await new Promise((r) => setTimeout(r, 300));
    expect(published).toBe(0);
    expect(watcher.seen).toEqual([]);

    // The watcher opens the file on B and asks A for the turns in progress, as doc/open does: A
    // knows of the join before it answers, so what it sends while answering is published.
    a.talk.answer('fastTurns', () => {
      a.broadcast(ROOM, 'fast/delta', delta(6));
      return [];
    });
    join(b, watcher.socket);
    await b.talk.askAll('fastTurns', { path: 'src/a.ts' }, 5000);
    await waitFor(() => watcher.seen.length === 1, 5000, 'the delta sent while answering, on B');
    expect(watcher.seen[0]!.seq).toBe(6);
    expect(published).toBe(1);
    a.broadcast(ROOM, 'fast/delta', delta(7));
    await waitFor(() => watcher.seen.length === 2 && asker.seen.length === 7, 5000, 'delta 7 everywhere');

    leave(b, watcher.socket);
    await waitFor(() => !a.roster.peers.elsewhere(ROOM), 5000, 'A hears that B has nobody in the room');
    published = 0;
    a.broadcast(ROOM, 'fast/delta', delta(8));
    await waitFor(() => asker.seen.length === 8, 5000, 'delta 8 on A');
    await new Promise((r) => setTimeout(r, 300));
    expect(published).toBe(0);
    expect(watcher.seen).toHaveLength(2);
  });

  it('a node that starts publishes everything until the others’ lists reach it', async () => {
    const a = await node('A');
    const watcher = await person(a);
    join(a, watcher.socket);
    const c = await node('C');
    // Unsure at first: every room counts as elsewhere.
    expect(c.roster.peers.elsewhere(docRoomName('src/other.ts'))).toBe(true);
    await waitFor(() => !c.roster.peers.elsewhere(docRoomName('src/other.ts')), 10_000, 'C sure');
    expect(c.roster.peers.elsewhere(ROOM)).toBe(true);
    c.broadcast(ROOM, 'fast/delta', delta(1));
    await waitFor(() => watcher.seen.length === 1, 5000, "C's delta on A");
  });

  it('a node that went away is forgotten; after Redis comes back nothing is trusted until the lists come', async () => {
    const [a, b] = [await node('A'), await node('B')];
    const watcher = await person(b);
    join(b, watcher.socket);
    await waitFor(() => a.roster.peers.elsewhere(ROOM) && !a.roster.peers.elsewhere('doc:none'), 10_000, 'A sure');
    await b.close();
    await waitFor(() => !a.roster.peers.elsewhere(ROOM), 10_000, 'B forgotten');

    await redis.restart();
    await waitFor(() => a.roster.peers.elsewhere('doc:none'), 10_000, 'A unsure after Redis came back');
    await waitFor(() => !a.roster.peers.elsewhere('doc:none'), 10_000, 'A sure again');
  });
});
