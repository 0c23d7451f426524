// Integration, cluster mode: a run processed by a real `npm run worker` process is counted on
// every web node's /metrics — once per node, labelled with the worker that ran it — through the
// figures the worker writes to the shared run log. Real redis-server, real worker process.
import { describe, expect, it } from 'vitest';
import { clusterProcesses } from '../testing/clusterProcesses';
import { RunsClient } from '../../lib/client/runsClient';
import { connectClient, makeWorkspace, startTestServer, tempDir, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { FAST_STRONG_SIM, quietRuns, runFinished } from '../testing/runHarness';
import { gitInit } from './snapshot/testRepo';
import { startWorkerProcess } from './workerProcess';

const cluster = clusterProcesses();

async function metricsOf(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of the one series of `name` whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').pop());
  }
  return null;
}

describe('run figures in cluster mode', () => {
  it("a run processed on a worker process is counted once on every web node's /metrics, by worker", async () => {
    const ws = makeWorkspace({ 'src/sum.js': 'let total = 0;\nconsole.log(total);\n' });
    gitInit(ws);
    for (const id of ['a', 'b'])
      cluster.nodes.push(
        await startTestServer({ redisUrl: cluster.redis.url, nodeId: id, workspace: ws }, FAST_STRONG_SIM, {
          runs: { concurrency: 0 },
        }),
      );
    cluster.workers.push(
      await startWorkerProcess({
        workspace: ws,
        dataDir: tempDir('worker'),
        redisUrl: cluster.redis.url,
        env: {
          TANDEM_NODE_ID: 'worker-1',
          TANDEM_SIM_STRONG_TPS: '5000',
          TANDEM_SIM_TTFT_MS: '5',
          TANDEM_RUN_CONCURRENCY: '1',
        },
      }),
    );
    const socket = await connectClient(cluster.nodes[0]!.url, { name: 'Ada' });
    cluster.sockets.push(socket);
    const ada = new RunsClient(socket, quietRuns);
    await ada.refresh();
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: 'true' });
    await waitFor(() => ada.run(run.id) !== undefined, 10_000, 'the run on node a');
    await runFinished(ada, run.id, 60_000);
    expect(ada.run(run.id)!.status).toBe('succeeded');

    const finished = { outcome: 'succeeded', processed_by: 'worker-1' };
    for (const n of cluster.nodes) {
      await waitFor(
        async () => sample(await metricsOf(n.url), 'tandem_runs_finished_total', finished) === 1,
        20_000,
        `the run counted on ${n.url}`,
      );
      const text = await metricsOf(n.url);
      expect(sample(text, 'tandem_run_duration_ms_count', finished)).toBe(1);
      expect(sample(text, 'tandem_queue_wait_ms_count', { lane: 'strong' })).toBe(1);
      expect(sample(text, 'tandem_model_ttft_ms_count', { lane: 'strong' })).toBeGreaterThan(0);
      expect(sample(text, 'tandem_tool_call_overhead_ms_count', { lane: 'strong' })).toBeGreaterThan(0);
      expect(sample(text, 'tandem_tokens_total', { lane: 'strong', direction: 'out' })).toBeGreaterThan(0);
    }
    // Once, not once per node that heard it: a web node that took no run counted it once.
    await new Promise((r) => setTimeout(r, 500));
    expect(sample(await metricsOf(cluster.nodes[1]!.url), 'tandem_runs_finished_total', finished)).toBe(1);
  });
});
