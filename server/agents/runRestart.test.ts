// Integration, on real Tandem processes killed with SIGKILL and started again on the same data
// folder: a run that was running when Tandem died goes back to the queue and is restarted from
// its snapshot (its evidence says so), and one whose server keeps dying ends failed with the reason.
import { describe, expect, it } from 'vitest';
import type { RunsClient } from '../../lib/client/runsClient';
import { makeWorkspace, TEST_TOKEN, tempDir, waitFor } from '../testing/fixtures';
import { runFinished, runHarness } from '../testing/runHarness';
import { startServerProcess, type ServerProcess } from '../testing/serverProcess';
import { processesMatching } from './sandbox/processScan';
import { gitInit } from './snapshot/testRepo';

const h = runHarness();
const FILES = { 'src/sum.js': 'let total = 0;\nconsole.log(total);\n' };
const ENV = { TANDEM_SIM_STRONG_TPS: '5000', TANDEM_SIM_TTFT_MS: '5', TANDEM_RUN_CONCURRENCY: '1' };
const texts = (c: RunsClient, id: string) => c.evidence(id).map((e) => ('text' in e ? String(e.text) : ''));
const commandsStarted = (c: RunsClient, id: string) =>
  c.evidence(id).filter((e) => e.kind === 'command' && e.phase === 'started').length;

/** Starts Tandem on the folders, with a client watching the run (when there is one yet). */
async function open(workspace: string, dataDir: string, runId?: string) {
  const server = await startServerProcess({ workspace, dataDir, token: TEST_TOKEN, env: ENV });
  const client = await h.client(server.url, 'Ada');
  if (runId) await client.watch(runId);
  return { server, client };
}

describe('runs that survive a crash', () => {
  it('kill -9 mid-run: at the next start the run is back, restarts from its snapshot and succeeds', async () => {
    const workspace = makeWorkspace(FILES);
    gitInit(workspace);
    const dataDir = tempDir('data');
    const marker = `${4 + Math.random()}`.slice(0, 10);
    const servers: ServerProcess[] = [];
    try {
      const first = await open(workspace, dataDir);
      servers.push(first.server);
      const run = await first.client.start({
        instruction: 'rename total to sum in src/sum.js',
        validation: `sleep ${marker}`,
      });
      const queued = await first.client.start({
        instruction: 'rename total to amount in src/sum.js',
        validation: 'true',
      });
      await first.client.watch(run.id);
      await waitFor(() => commandsStarted(first.client, run.id) === 1, 30_000, 'the validation command to start');
      await first.server.kill('SIGKILL');

      const second = await open(workspace, dataDir, run.id);
      servers.push(second.server);
      const { client } = second;
      await client.watch(queued.id);
      await waitFor(() => texts(client, run.id).some((t) => t.startsWith('Restarted')), 30_000, 'the restart');
      expect(['queued', 'running', 'succeeded']).toContain(client.run(run.id)?.status);
      await runFinished(client, run.id, 60_000);
      expect(client.run(run.id)).toMatchObject({ status: 'succeeded' });
      const restarts = texts(client, run.id).filter((t) => t.startsWith('Restarted'));
      expect(restarts).toEqual([expect.stringMatching(/^Restarted after the server stopped \(restart 1 of 2\)/)]);
      expect(commandsStarted(client, run.id)).toBe(2);
      const events = client.evidence(run.id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect((await client.loadDiff(run.id)).files[0].resultText).toBe('let sum = 0;\nconsole.log(sum);\n');
      // The run queued behind it stayed queued through the crash, and runs after it.
      await runFinished(client, queued.id, 60_000);
      expect(client.run(queued.id)?.status).toBe('succeeded');
      expect(client.run(queued.id)!.startedAt!).toBeGreaterThanOrEqual(client.run(run.id)!.startedAt!);
    } finally {
      for (const s of servers) await s.kill('SIGKILL');
      for (const pid of processesMatching(`sleep ${marker}`)) process.kill(pid, 'SIGKILL');
    }
  }, 240_000);

  it('a run whose server dies three times ends failed with the reason, each restart in its evidence', async () => {
    const workspace = makeWorkspace(FILES);
    const dataDir = tempDir('data');
    const marker = `${600 + Math.random()}`.slice(0, 10);
    const servers: ServerProcess[] = [];
    try {
      let current = await open(workspace, dataDir);
      servers.push(current.server);
      const run = await current.client.start({
        instruction: 'rename total to sum in src/sum.js',
        validation: `sleep ${marker}`,
      });
      await current.client.watch(run.id);
      for (let attempt = 1; attempt <= 3; attempt++) {
        const { client } = current;
        await waitFor(() => commandsStarted(client, run.id) === attempt, 60_000, `attempt ${attempt}'s command`);
        await current.server.kill('SIGKILL');
        current = await open(workspace, dataDir, run.id);
        servers.push(current.server);
      }
      const { client } = current;
      await runFinished(client, run.id, 60_000);
      expect(client.run(run.id)).toMatchObject({
        status: 'failed',
        reason: 'the server stopped during this run 3 times',
      });
      const said = texts(client, run.id);
      expect(said.filter((t) => t.startsWith('Restarted')).map((t) => /\(restart \d of 2\)/.exec(t)?.[0])).toEqual([
        '(restart 1 of 2)',
        '(restart 2 of 2)',
      ]);
      expect(said.at(-1)).toMatch(/^Failed: the server stopped during this run 3 times/);
      expect(commandsStarted(client, run.id)).toBe(3);
      await waitFor(() => processesMatching(`sleep ${marker}`).length === 0, 10_000, 'no command left running');
    } finally {
      for (const s of servers) await s.kill('SIGKILL');
      for (const pid of processesMatching(`sleep ${marker}`)) process.kill(pid, 'SIGKILL');
    }
  }, 400_000);
});
