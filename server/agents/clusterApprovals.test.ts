// Integration, cluster mode: a command waits for approval on a real `npm run worker` process;
// people on two web nodes (which take no runs) see the question, one of them answers, and the
// answer reaches the worker through the run log in a real redis-server. The same for a time-out.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvidenceEvent } from '../../lib/protocol';
import { RunsClient } from '../../lib/client/runsClient';
import { clusterProcesses } from '../testing/clusterProcesses';
import { connectClient, makeWorkspace, startTestServer, tempDir, waitFor } from '../testing/fixtures';
import { FAST_STRONG_SIM, quietRuns, runFinished } from '../testing/runHarness';
import { startWorkerProcess } from './workerProcess';

const cluster = clusterProcesses();
const COMMAND = 'node src/sum.js';

type Approval = Extract<EvidenceEvent, { kind: 'approval' }>;
const approvals = (c: RunsClient, id: string) => c.evidence(id).filter((e): e is Approval => e.kind === 'approval');

async function setup(env: Record<string, string> = {}) {
  const ws = makeWorkspace({ 'src/sum.js': 'let total = 0;\nconsole.log(total);\n' });
  fs.writeFileSync(path.join(ws, 'tandem.json'), JSON.stringify({ approvals: { ask: ['node'] } }));
  const web = async (id: string) => {
    const n = await startTestServer({ redisUrl: cluster.redis.url, nodeId: id, workspace: ws }, FAST_STRONG_SIM, {
      runs: { concurrency: 0 },
    });
    cluster.nodes.push(n);
    return n;
  };
  const [a, b] = [await web('a'), await web('b')];
  cluster.workers.push(
    await startWorkerProcess({
      workspace: ws,
      dataDir: tempDir('worker'),
      redisUrl: cluster.redis.url,
      env: { TANDEM_SIM_STRONG_TPS: '5000', TANDEM_SIM_TTFT_MS: '5', TANDEM_RUN_CONCURRENCY: '1', ...env },
    }),
  );
  const person = async (url: string, name: string) => {
    const socket = await connectClient(url, { name });
    cluster.sockets.push(socket);
    const c = new RunsClient(socket, quietRuns);
    await c.refresh();
    return c;
  };
  const ada = await person(a.url, 'Ada');
  const bo = await person(b.url, 'Bo');
  const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: COMMAND });
  for (const c of [ada, bo]) {
    await waitFor(() => c.run(run.id) !== undefined, 10_000, `run ${run.id} on this node`);
    await c.watch(run.id);
  }
  return { ada, bo, run };
}

describe('approvals in cluster mode', () => {
  it('a person on another web node allows a command that waits on a worker process', async () => {
    const { ada, bo, run } = await setup();
    await waitFor(() => approvals(bo, run.id).some((e) => e.phase === 'started'), 60_000, 'the question on node b');
    const asked = approvals(bo, run.id).find((e) => e.phase === 'started')!;
    expect(asked).toMatchObject({ command: COMMAND, by: 'Ada', outcome: null });
    const t0 = performance.now();
    await bo.approve(run.id, asked.itemId, 'allow');
    await waitFor(
      () => ada.evidence(run.id).some((e) => e.kind === 'command' && e.phase === 'started'),
      10_000,
      'the command to start on the worker',
    );
    console.log(
      `[measure] cluster: allow on node b → command started on the worker ${(performance.now() - t0).toFixed(0)} ms`,
    );
    await runFinished(ada, run.id, 60_000);
    expect(ada.run(run.id)?.status, ada.run(run.id)?.reason ?? '').toBe('succeeded');
    expect(approvals(ada, run.id).find((e) => e.phase === 'completed')).toMatchObject({
      outcome: 'allow',
      decidedBy: 'Bo',
    });
    expect(ada.evidence(run.id).find((e) => e.kind === 'command' && e.phase === 'completed')).toMatchObject({
      command: COMMAND,
      exitCode: 0,
    });
  }, 180_000);

  it('the worker denies a command nobody answers in time, and the web nodes cannot answer it after', async () => {
    const { ada, run } = await setup({ TANDEM_APPROVAL_TIMEOUT_MS: '500' });
    await runFinished(ada, run.id, 60_000);
    const ended = approvals(ada, run.id).find((e) => e.phase === 'completed');
    expect(ended).toMatchObject({ outcome: 'timeout', decidedBy: null });
    await expect(ada.approve(run.id, ended!.itemId, 'allow')).rejects.toMatchObject({ code: 'conflict' });
    expect(ada.run(run.id)?.status).toBe('succeeded');
  }, 180_000);
});
