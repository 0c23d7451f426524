// Integration, cluster mode: web nodes that take no runs, workers that do (in-process nodes, and
// real `npm run worker` processes killed with SIGKILL), one real redis-server, real git and real
// commands. Every web node sees the same runs, evidence and diffs, whoever ran them.
import { describe, expect, it } from 'vitest';
import { clusterProcesses } from '../testing/clusterProcesses';
import { RunsClient } from '../../lib/client/runsClient';
import {
  connectClient,
  makeWorkspace,
  openDoc,
  settled,
  startTestServer,
  tempDir,
  TEST_TOKEN,
  waitFor,
} from '../testing/fixtures';
import { FAST_STRONG_SIM, quietRuns, runFinished } from '../testing/runHarness';
import { startServerProcess, type ServerProcess } from '../testing/serverProcess';
import { crashingHolder } from './crashingHolder';
import { processesMatching } from './sandbox/processScan';
import type { RunSettings } from './settings';
import { gitInit } from './snapshot/testRepo';
import { startWorkerProcess } from './workerProcess';

type Node = Awaited<ReturnType<typeof startTestServer>>;
const QUICK = { lockMs: 1000, stalledCheckMs: 300 };
const FILES = { 'src/sum.js': 'let total = 0;\nconsole.log(total);\n' };
const RENAMED = 'let sum = 0;\nconsole.log(sum);\n';

const cluster = clusterProcesses();

async function node(id: string, workspace: string, runs: Partial<RunSettings>): Promise<Node> {
  const n = await startTestServer({ redisUrl: cluster.redis.url, nodeId: id, workspace }, FAST_STRONG_SIM, {
    runs: { ...QUICK, ...runs },
  });
  cluster.nodes.push(n);
  return n;
}

async function person(url: string, name: string): Promise<RunsClient> {
  const socket = await connectClient(url, { name });
  cluster.sockets.push(socket);
  const c = new RunsClient(socket, quietRuns);
  await c.refresh();
  return c;
}

/** Subscribes once this node's copy has the run (it learns of it from the Redis log). */
async function watch(c: RunsClient, runId: string): Promise<void> {
  await waitFor(() => c.run(runId) !== undefined, 10_000, `run ${runId} on this node`);
  await c.watch(runId);
}

async function worker(workspace: string, env: Record<string, string> = {}): Promise<Omit<ServerProcess, 'url'>> {
  const w = await startWorkerProcess({
    workspace,
    dataDir: tempDir('worker'),
    redisUrl: cluster.redis.url,
    env: {
      TANDEM_SIM_STRONG_TPS: '5000',
      TANDEM_SIM_TTFT_MS: '5',
      TANDEM_RUN_CONCURRENCY: '1',
      TANDEM_RUN_LOCK_MS: String(QUICK.lockMs),
      TANDEM_RUN_STALLED_CHECK_MS: String(QUICK.stalledCheckMs),
      ...env,
    },
  });
  cluster.workers.push(w);
  return w;
}

const seqsOf = (c: RunsClient, id: string) => c.evidence(id).map((e) => e.seq);
const texts = (c: RunsClient, id: string) => c.evidence(id).flatMap((e) => (e.kind === 'status' ? [e.text] : []));
const marker = (base: number) => `${base + Math.random()}`.slice(0, 10);

describe('background runs in cluster mode', () => {
  it('a run queued on one web node runs elsewhere; both web nodes see the same evidence and diff', async () => {
    const ws = makeWorkspace(FILES);
    gitInit(ws);
    const a = await node('a', ws, { concurrency: 0 });
    const b = await node('b', ws, { concurrency: 0 });
    await node('w', ws, { concurrency: 1 });
    const ada = await person(a.url, 'Ada');
    const bo = await person(b.url, 'Bo');
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: 'true' });
    await watch(ada, run.id);
    await watch(bo, run.id);
    await runFinished(bo, run.id, 30_000);
    const done = bo.run(run.id)!;
    expect(done.status, done.reason ?? '').toBe('succeeded');
    console.log(`[measure] cluster: queued → started ${done.startedAt! - done.createdAt} ms (another process)`);
    await waitFor(() => ada.run(run.id)?.status === 'succeeded', 5000, 'the run done on node a');
    expect(seqsOf(bo, run.id)).toEqual(seqsOf(bo, run.id).map((_, i) => i + 1));
    await waitFor(() => ada.evidence(run.id).length === bo.evidence(run.id).length, 5000, 'the same evidence');
    expect(ada.evidence(run.id)).toEqual(bo.evidence(run.id));
    expect((await bo.loadDiff(run.id)).files.map((f) => [f.path, f.resultText])).toEqual([['src/sum.js', RENAMED]]);
    expect((await ada.loadDiff(run.id)).patch).toBe((await bo.loadDiff(run.id)).patch);
  }, 60_000);

  it('cancel on a web node kills the command on the worker within a second; the run ends cancelled', async () => {
    const ws = makeWorkspace(FILES);
    const a = await node('a', ws, { concurrency: 0 });
    const b = await node('b', ws, { concurrency: 0 });
    await node('w', ws, { concurrency: 1 });
    const ada = await person(a.url, 'Ada');
    const bo = await person(b.url, 'Bo');
    const m = marker(600);
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: `sleep ${m}` });
    await watch(bo, run.id);
    await waitFor(() => processesMatching(`sleep ${m}`).length > 0, 30_000, 'the validation to run');
    const asked = performance.now();
    await bo.cancel(run.id);
    await waitFor(() => processesMatching(`sleep ${m}`).length === 0, 5000, 'the command to die');
    const ms = performance.now() - asked;
    console.log(
      `[measure] cluster: cancel on node b → command's process group dead on the worker: ${ms.toFixed(0)} ms`,
    );
    expect(ms).toBeLessThan(1000);
    await runFinished(bo, run.id);
    expect(bo.run(run.id)).toMatchObject({ status: 'cancelled', reason: 'cancelled by Bo' });
  }, 60_000);

  it('kill -9 of a worker mid-run: another worker restarts it from its snapshot; the evidence says so', async () => {
    const ws = makeWorkspace(FILES);
    gitInit(ws);
    const a = await node('a', ws, { concurrency: 0 });
    const ada = await person(a.url, 'Ada');
    const first = await worker(ws);
    const m = marker(2);
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: `sleep ${m}` });
    await watch(ada, run.id);
    await waitFor(() => processesMatching(`sleep ${m}`).length > 0, 60_000, 'the validation to run');
    const seenBefore = ada.evidence(run.id);
    await first.kill('SIGKILL');
    const killed = performance.now();
    await worker(ws);
    const up = performance.now();
    const restarted = () => texts(ada, run.id).some((t) => t.startsWith('Restarted'));
    await waitFor(restarted, 30_000, 'the restart');
    console.log(
      `[measure] cluster: kill -9 → second worker up ${(up - killed).toFixed(0)} ms (tsx start) → ` +
        `run restarted ${(performance.now() - up).toFixed(0)} ms later ` +
        `(lock ${QUICK.lockMs} ms, stalled check every ${QUICK.stalledCheckMs} ms)`,
    );
    await runFinished(ada, run.id, 60_000);
    const done = ada.run(run.id)!;
    expect(done.status, done.reason ?? '').toBe('succeeded');
    const events = ada.evidence(run.id);
    expect(events.slice(0, seenBefore.length)).toEqual(seenBefore);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(texts(ada, run.id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Restarted after the server stopped \(restart 1 of 2\)/),
        expect.stringMatching(/^Snapshot: back to the base of the attempt that died/),
      ]),
    );
    expect((await ada.loadDiff(run.id)).files.map((f) => [f.path, f.resultText])).toEqual([['src/sum.js', RENAMED]]);
  }, 180_000);

  it('a worker without the workspace folder fetches the snapshot from a web node, unsaved text included', async () => {
    const ws = makeWorkspace(FILES);
    gitInit(ws);
    const a = await node('a', ws, { concurrency: 0 });
    const ada = await person(a.url, 'Ada');
    const doc = await openDoc(cluster.sockets[cluster.sockets.length - 1]!, 'src/sum.js');
    doc.text.insert(0, '// unsaved\n');
    await settled(doc);
    await worker(ws, { TANDEM_RUN_FETCH_SNAPSHOTS: '1', TANDEM_TOKEN: TEST_TOKEN });
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: 'true' });
    await watch(ada, run.id);
    await runFinished(ada, run.id, 60_000);
    const done = ada.run(run.id)!;
    expect(done.status, done.reason ?? '').toBe('succeeded');
    expect(done.isolation).toBe('copy');
    expect(texts(ada, run.id)).toEqual(
      expect.arrayContaining([
        `Snapshot fetched from ${a.url} (this worker does not see the workspace folder).`,
        expect.stringMatching(/with the unsaved text of src\/sum\.js/),
      ]),
    );
    const [file] = (await ada.loadDiff(run.id)).files;
    expect([file?.baseText, file?.resultText]).toEqual([
      `// unsaved\n${FILES['src/sum.js']}`,
      `// unsaved\n${RENAMED}`,
    ]);
  }, 180_000);

  it('runs queued on a web node killed with kill -9 still run, and another node shows them', async () => {
    const ws = makeWorkspace(FILES);
    const env = { REDIS_URL: cluster.redis.url, TANDEM_NODE_ID: 'doomed', TANDEM_RUN_CONCURRENCY: '0' };
    const doomed = await startServerProcess({
      workspace: ws,
      dataDir: tempDir('a'),
      token: TEST_TOKEN,
      env,
    });
    try {
      const ada = await person(doomed.url, 'Ada');
      const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: 'true' });
      await doomed.kill('SIGKILL');
      const b = await node('b', ws, { concurrency: 0 });
      await node('w', ws, { concurrency: 1 });
      const bo = await person(b.url, 'Bo');
      await watch(bo, run.id);
      await runFinished(bo, run.id, 30_000);
      expect(bo.run(run.id)).toMatchObject({ status: 'succeeded', by: 'Ada' });
    } finally {
      await doomed.kill('SIGKILL');
    }
  }, 180_000);

  it('a run whose workers keep dying ends failed with the reason', async () => {
    const ws = makeWorkspace(FILES);
    const a = await node('a', ws, { concurrency: 0 });
    const ada = await person(a.url, 'Ada');
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: 'true' });
    await watch(ada, run.id);
    for (let i = 0; i < 3; i++) await crashingHolder(cluster.redis.url, ws, QUICK);
    await node('w', ws, { concurrency: 1 });
    await runFinished(ada, run.id, 30_000);
    expect(ada.run(run.id)).toMatchObject({
      status: 'failed',
      reason: 'the server stopped during this run 3 times',
    });
    expect(ada.evidence(run.id).at(-1)).toMatchObject({
      kind: 'error',
      text: expect.stringMatching(/^Failed: the server stopped during this run 3 times/),
    });
  }, 60_000);

  it("a node's run service (queue, worker, run log) closes promptly when Redis is already gone", async () => {
    const n = await node('a', makeWorkspace(FILES), { concurrency: 1 });
    await cluster.redis.stop();
    try {
      const closed = await Promise.race([
        n.runs.close().then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 10_000)),
      ]);
      expect(closed).toBe(true);
    } finally {
      await cluster.redis.restart();
    }
  }, 60_000);
});
