// The cluster transcript store against a real redis-server: a node's restart ends its own streaming
// turns and those of nodes that are gone, never a live node's; a file keeps its last KEEP_PER_PATH
// turns, newest first; a turn's later saves keep its creation time; prompt history takes finished
// turns on an overlapping range only, oldest first.
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastTurnInfo, GhostState } from '../../lib/protocol/fast';
import { startRedis, type TestRedis } from '../testing/redis';
import { KEEP_PER_PATH, RedisTranscriptStore } from './redisTranscriptStore';
import type { TranscriptEntry } from './transcriptStore';

let redis: TestRedis;
let client: Redis;
const stores: RedisTranscriptStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.url, { maxRetriesPerRequest: null });
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await client.flushall();
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
  fs.rmSync(redis.dir, { recursive: true, force: true });
});

const store = (nodeId: string) => {
  const s = new RedisTranscriptStore(client, '/ws', { nodeId, waitMs: 5000, log: () => undefined });
  stores.push(s);
  return s;
};

function entry(requestId: string, outcome: GhostState, over: Partial<TranscriptEntry> = {}): TranscriptEntry {
  const range = over.range ?? { startLine: 1, endLine: 5 };
  const info: FastTurnInfo = {
    requestId,
    path: 'src/a.ts',
    by: 'Ada',
    byClient: 'ada-client',
    instruction: `do ${requestId}`,
    range,
    original: 'original text',
    anchor: { start: null, end: null },
    model: { lane: 'fast', model: 'sim-fast', host: 'localhost', simulated: true },
    lane: 'fast',
    intent: 'edit',
    reason: 'a test',
  };
  return {
    requestId,
    path: 'src/a.ts',
    by: 'Ada',
    instruction: info.instruction,
    redirects: [],
    range,
    original: info.original,
    output: `output of ${requestId}`,
    outcome,
    model: 'sim-fast',
    metrics: {},
    reason: 'a test',
    intent: 'edit',
    createdAt: Date.now(),
    info,
    message: null,
    seq: 3,
    ...over,
  };
}

describe('RedisTranscriptStore', () => {
  it("ends its own and dead nodes' streaming turns at start, never a live node's", async () => {
    const a = store('a');
    const b = store('b');
    await a.endStreaming('-');
    await b.endStreaming('-');
    await a.save(entry('on-a', 'streaming'));
    await b.save(entry('on-b', 'streaming'));
    await a.save(entry('gone', 'streaming'));
    // Node a stops (its alive key goes), so does node x (never alive); node c starts.
    await client.hset('tandem:fast:{/ws}:streaming', 'gone', 'x');
    await a.close();
    stores.splice(stores.indexOf(a), 1);
    expect(await store('c').endStreaming('c stopped')).toBe(2);
    expect(await a.left('on-a')).toMatchObject({ state: 'interrupted', seq: 4 });
    expect((await a.left('on-a'))?.message).toBe('the cluster node a stopped while this streamed');
    expect(await a.left('on-b')).toBeNull(); // still streaming: not a left turn
    const [onB] = (await b.recent('src/a.ts')).filter((t) => t.requestId === 'on-b');
    expect(onB.outcome).toBe('streaming');
    expect(await store('b2').endStreaming('-')).toBe(0);

    await b.save(entry('on-b2', 'streaming'));
    const restarted = store('b');
    expect(await restarted.endStreaming('the server stopped while this streamed')).toBe(2);
    expect((await restarted.left('on-b2'))?.message).toBe('the server stopped while this streamed');
  });

  it('keeps the last turns of a file, newest first, each with its first creation time', async () => {
    const s = store('a');
    const t0 = Date.now();
    for (let i = 0; i < KEEP_PER_PATH + 5; i++) await s.save(entry(`t${i}`, 'done', { createdAt: t0 + i }));
    await s.save(entry('t10', 'accepted', { createdAt: t0 + 10_000, output: 'changed' }));
    const recent = await s.recent('src/a.ts', 1000);
    expect(recent).toHaveLength(KEEP_PER_PATH);
    expect(recent[0].requestId).toBe(`t${KEEP_PER_PATH + 4}`);
    expect(recent.at(-1)!.requestId).toBe('t5');
    expect(await client.exists('tandem:fast:{/ws}:turn:t4')).toBe(0);
    expect(recent.find((t) => t.requestId === 't10')).toMatchObject({
      outcome: 'accepted',
      output: 'changed',
      createdAt: t0 + 10,
    });
  });

  it('gives the prompt the finished turns on an overlapping range, oldest first', async () => {
    const s = store('a');
    const t0 = Date.now();
    await s.save(entry('old', 'rejected', { createdAt: t0 }));
    await s.save(entry('elsewhere', 'done', { createdAt: t0 + 1, range: { startLine: 40, endLine: 50 } }));
    await s.save(entry('live', 'streaming', { createdAt: t0 + 2 }));
    await s.save(entry('new', 'accepted', { createdAt: t0 + 3, redirects: ['shorter'] }));
    expect(await s.history('src/a.ts', { startLine: 4, endLine: 9 })).toEqual([
      { instruction: 'do old', redirects: [], outcome: 'rejected' },
      { instruction: 'do new', redirects: ['shorter'], outcome: 'accepted' },
    ]);
    expect(await s.history('src/b.ts', { startLine: 1, endLine: 9 })).toEqual([]);
  });
});
