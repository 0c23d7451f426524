// The BullMQ queue on a real redis-server: order, priorities and `waiting()`, cancel from another node (queued,
// and running: the command's process group dies), a holder that dies (its run comes back to
// another worker), one that keeps dying (the run is lost with the reason), and queued runs that
// outlive a Redis restart.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '../testing/fixtures';
import { BullmqRunQueue, type BullmqRunQueueOptions } from './bullmqRunQueue';
import { crashingHolder } from './crashingHolder';
import { RUN_PRIORITY, runPriority } from './runPriority';
import { RunStop } from './runQueue';
import type { RunRecord } from './runStore';
import { runCommand } from './sandbox/commandRunner';
import { processesMatching } from './sandbox/processScan';
import { startRedis, type TestRedis } from '../testing/redis';

let redis: TestRedis;
let queues: BullmqRunQueue[] = [];
beforeAll(async () => {
  redis = await startRedis({ fsync: 'everysec' });
});
afterAll(() => redis.stop());
afterEach(async () => {
  await Promise.all(queues.map((q) => q.close()));
  queues = [];
});

/** Quick stall detection, so a dead holder is noticed in about a second rather than 30. */
const QUICK = { lockDurationMs: 800, stalledIntervalMs: 300, retryDelayMs: 100 };

function node(workspace: string, concurrency: number, extra: Partial<BullmqRunQueueOptions> = {}) {
  const q = new BullmqRunQueue({
    redisUrl: redis.url,
    workspace,
    concurrency,
    log: () => undefined,
    ...QUICK,
    ...extra,
  });
  queues.push(q);
  return q;
}

const crash = (workspace: string) =>
  crashingHolder(redis.url, workspace, { lockMs: QUICK.lockDurationMs, stalledCheckMs: QUICK.stalledIntervalMs });

describe('BullmqRunQueue', () => {
  it('queues on one node, runs in order on another, one at a time', async () => {
    const ws = tempDir('ws');
    const web = node(ws, 0);
    for (const id of ['a', 'b', 'c']) await web.enqueue(id);
    await web.enqueue('a');
    expect(await web.waiting()).toEqual(['a', 'b', 'c']);
    await web.start(async () => {
      throw new Error('a node with concurrency 0 takes no runs');
    });
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const worker = node(ws, 1);
    const direct = new Redis(redis.url);
    const fenced: boolean[] = [];
    await worker.start(async (id, _signal, fence) => {
      most = Math.max(most, ++running);
      order.push(id);
      // The fence is the job's lock, which holds the token while this worker holds the run.
      fenced.push(fence !== undefined && (await direct.get(fence.key)) === fence.token);
      await new Promise((r) => setTimeout(r, 30));
      running--;
    });
    // The third run has started when its id is pushed; its fence is read after that.
    await waitFor(() => fenced.length === 3 && running === 0, 10_000, 'three runs');
    direct.disconnect();
    expect(fenced).toEqual([true, true, true]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    await waitFor(async () => (await web.waiting()).length === 0, 5000, 'an empty queue');
  });

  it('caps the runs of a workspace across nodes when told to', async () => {
    const ws = tempDir('ws');
    let running = 0;
    let most = 0;
    const done: string[] = [];
    const slow = async (id: string) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 100));
      running--;
      done.push(id);
    };
    for (const q of [node(ws, 2, { clusterConcurrency: 1 }), node(ws, 2, { clusterConcurrency: 1 })])
      await q.start(slow);
    for (const id of ['a', 'b', 'c', 'd']) await queues[0]!.enqueue(id);
    await waitFor(() => done.length === 4, 10_000, 'four runs');
    expect(most).toBe(1);
  });

  it('starts runs by priority (by hand before a handoff), then in queue order, under the cluster cap', async () => {
    const ws = tempDir('ws');
    const web = node(ws, 0);
    await web.enqueue('handoff-1', RUN_PRIORITY.handoff);
    await web.enqueue('manual-1', RUN_PRIORITY.manual);
    await web.enqueue('handoff-2', RUN_PRIORITY.handoff);
    await web.enqueue('manual-2');
    expect(await web.waiting()).toEqual(['manual-1', 'manual-2', 'handoff-1', 'handoff-2']);
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const take = async (id: string) => {
      most = Math.max(most, ++running);
      order.push(id);
      await new Promise((r) => setTimeout(r, 50));
      running--;
    };
    // Two processes with room for two runs each, one run of the workspace at a time across both.
    for (const q of [node(ws, 2, { clusterConcurrency: 1 }), node(ws, 2, { clusterConcurrency: 1 })])
      await q.start(take);
    await waitFor(() => order.length === 4 && running === 0, 15_000, 'four runs');
    expect(order).toEqual(['manual-1', 'manual-2', 'handoff-1', 'handoff-2']);
    expect(most).toBe(1);
    const request = (handoff: unknown) => ({ request: { handoff } as RunRecord['request'] });
    expect(runPriority(request(null))).toBe(RUN_PRIORITY.manual);
    expect(runPriority(request({ turnId: 't' }))).toBe(RUN_PRIORITY.handoff);
  });

  it('cancels from another node: a queued run is removed, a running one stops and its process group dies', async () => {
    const ws = tempDir('ws');
    const scratch = tempDir('scratch');
    const marker = `${700 + Math.random()}`.slice(0, 10);
    const web = node(ws, 0);
    const worker = node(ws, 1);
    const stops = new Map<string, unknown>();
    await worker.start(async (id, signal) => {
      const outcome = await runCommand(
        `sleep ${marker} & sleep ${marker}; wait`,
        { bwrap: null, nice: 10, hidden: [], toolBins: [], parentEnv: process.env },
        { snapshot: scratch, scratch, timeoutMs: 60_000, outputCap: 1000, signal },
      );
      stops.set(id, outcome.cancelled ? signal.reason : 'finished');
    });
    await web.enqueue('long');
    await web.enqueue('next');
    await waitFor(() => processesMatching(`sleep ${marker}`).length >= 2, 10_000, 'both sleeps to run');
    expect(await web.cancel('next', 'cancelled by Bo')).toBe('queued');
    expect(await web.waiting()).toEqual([]);
    const asked = performance.now();
    expect(await web.cancel('long', 'cancelled by Bo')).toBe('running');
    await waitFor(() => processesMatching(`sleep ${marker}`).length === 0, 5000, 'the process group to die');
    const ms = performance.now() - asked;
    console.log(`cancel on another node → process group dead: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(1000);
    await waitFor(() => stops.has('long'), 5000, 'the processor to end');
    expect(stops.get('long')).toBeInstanceOf(RunStop);
    expect(stops.get('long')).toMatchObject({ kind: 'cancel', message: 'cancelled by Bo' });
    expect(stops.has('next')).toBe(false);
    expect(await web.cancel('zzz', 'x')).toBe('absent');
  });

  it('a run whose worker died goes to another worker; one that keeps killing its workers is lost', async () => {
    const ws = tempDir('ws');
    const web = node(ws, 0);
    await web.enqueue('survivor');
    await crash(ws);
    const taken: string[] = [];
    const lost: [string, string][] = [];
    const worker = node(ws, 1);
    await worker.start(async (id) => void taken.push(id), { lost: (id, reason) => lost.push([id, reason]) });
    await waitFor(() => taken.includes('survivor'), 15_000, 'the survivor to be taken again');

    await worker.close();
    await web.enqueue('doomed');
    for (let i = 0; i < 3; i++) await crash(ws);
    const last = node(ws, 1);
    await last.start(async (id) => void taken.push(id), { lost: (id, reason) => lost.push([id, reason]) });
    await waitFor(() => lost.length > 0, 15_000, 'the doomed run to be lost');
    expect(lost).toEqual([['doomed', 'the server stopped during this run 3 times']]);
    expect(taken).not.toContain('doomed');
  });

  it('a node that shuts down hands its running run back to the queue at once', async () => {
    const ws = tempDir('ws');
    const first = node(ws, 1, { lockDurationMs: 30_000, stalledIntervalMs: 30_000 });
    const stops: unknown[] = [];
    const started: string[] = [];
    await first.start(
      (id, signal) =>
        new Promise<void>((resolve) => {
          started.push(id);
          signal.addEventListener('abort', () => {
            stops.push(signal.reason);
            resolve();
          });
        }),
    );
    await first.enqueue('handed');
    // Running, not only taken from the waiting list (the processor starts after a round trip to Redis).
    await waitFor(() => started.length === 1, 20_000, 'the run started');
    await first.close();
    expect(stops).toEqual([expect.objectContaining({ kind: 'shutdown' })]);
    const taken: string[] = [];
    // A long lock and stalled check (30 s): only the hand-back, not stall detection, can give it over
    // within the wait (generous, for a loaded machine).
    await node(ws, 1, { lockDurationMs: 30_000, stalledIntervalMs: 30_000 }).start(async (id) => void taken.push(id));
    await waitFor(() => taken.length === 1, 20_000, 'the run taken by the other node');
    expect(taken).toEqual(['handed']);
  });

  it('retries a processor that throws, once, then reports the run lost', async () => {
    const ws = tempDir('ws');
    const q = node(ws, 1);
    const tries: string[] = [];
    const lost: string[] = [];
    await q.start(
      async (id) => {
        tries.push(id);
        throw new Error('redis went away');
      },
      { lost: (id, reason) => lost.push(`${id}: ${reason}`) },
    );
    await q.enqueue('flaky');
    await waitFor(() => lost.length > 0, 10_000, 'the run to be lost');
    expect(tries).toEqual(['flaky', 'flaky']);
    expect(lost).toEqual(['flaky: lost: it failed on every attempt: redis went away']);
  });

  it('queued runs outlive a Redis restart (append-only file)', async () => {
    const ws = tempDir('ws');
    const web = node(ws, 0);
    await web.enqueue('one');
    await web.enqueue('two');
    await redis.restart();
    await waitFor(async () => (await web.waiting().catch(() => [])).length === 2, 15_000, 'the queue back');
    expect(await web.waiting()).toEqual(['one', 'two']);
    const done: string[] = [];
    await node(ws, 1).start(async (id) => void done.push(id));
    await waitFor(() => done.length === 2, 15_000, 'both runs');
    expect(done).toEqual(['one', 'two']);
  });
});
