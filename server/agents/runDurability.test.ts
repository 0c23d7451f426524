// Integration: what survives — a restart with a queued and a running run, a discarded run's
// worktree, and a watcher that joins late or loses its connection mid-run (no gap, no duplicate).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { RunsClient } from '../../lib/client/runsClient';
import type { ClientSocket } from '../../lib/client/socket';
import { makeWorkspace, TEST_TOKEN, tempDir, waitFor } from '../testing/fixtures';
import { quietRuns, runFinished, runHarness } from '../testing/runHarness';
import { startServerProcess } from '../testing/serverProcess';
import { openDb } from '../store/db';
import { processesMatching } from './sandbox/processScan';
import { gitInit } from './snapshot/testRepo';

const h = runHarness();
const FILES = { 'src/sum.js': 'let total = 0;\nconsole.log(total);\n' };
const start = (workspace: string, dataDir: string, concurrency = 2) =>
  h.server({ workspace, dataDir }, { concurrency });
const client = (url: string, name = 'Ada') => h.client(url, name);
const finished = runFinished;
const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

describe('run durability', () => {
  it('a restart keeps queued runs queued and restarts the running one first, its evidence kept', async () => {
    const workspace = makeWorkspace(FILES);
    gitInit(workspace);
    const dataDir = tempDir('data');
    const a = await start(workspace, dataDir, 1);
    const ada = await client(a.url);
    const marker = `${3 + Math.random()}`.slice(0, 10);
    const running = await ada.start({
      instruction: 'rename total to sum in src/sum.js',
      validation: `sleep ${marker}`,
    });
    const queued = await ada.start({ instruction: 'rename total to amount in src/sum.js', validation: 'true' });
    await ada.watch(running.id);
    await waitFor(() => processesMatching(`sleep ${marker}`).length > 0, 10_000, 'the command to run');
    await waitFor(() => ada.evidence(running.id).some((e) => e.kind === 'command'), 5000, 'the command in the log');
    const seenBefore = ada.evidence(running.id);
    expect(ada.run(queued.id)?.status).toBe('queued');

    await a.close();
    h.closed(a);
    expect(processesMatching(`sleep ${marker}`)).toEqual([]);

    const b = await start(workspace, dataDir, 1);
    const bo = await client(b.url, 'Bo');
    await bo.watch(running.id);
    await finished(bo, running.id, 30_000);
    expect(bo.run(running.id)?.status).toBe('succeeded');
    const events = bo.evidence(running.id);
    expect(events.slice(0, seenBefore.length)).toEqual(seenBefore);
    expect(events.find((e) => e.kind === 'command' && e.phase === 'completed')).toMatchObject({ cancelled: true });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.kind === 'status' && e.text.startsWith('Restarted'))).toEqual([
      expect.objectContaining({
        text: expect.stringMatching(/^Restarted after the server stopped \(restart 1 of 2\)/),
      }),
    ]);
    await bo.watch(queued.id);
    await finished(bo, queued.id);
    expect(bo.run(queued.id)?.status).toBe('succeeded');
    expect(bo.run(queued.id)!.startedAt!).toBeGreaterThan(bo.run(running.id)!.startedAt!);
    expect((await bo.loadDiff(queued.id)).files[0].resultText).toBe('let amount = 0;\nconsole.log(amount);\n');
  });

  it('after kill -9 the sandboxed command dies with Tandem; the next start restarts the run', async () => {
    const workspace = makeWorkspace(FILES);
    const dataDir = tempDir('data');
    const env = { TANDEM_SIM_STRONG_TPS: '5000', TANDEM_SIM_TTFT_MS: '5', TANDEM_RUN_CONCURRENCY: '1' };
    const first = await startServerProcess({ workspace, dataDir, token: TEST_TOKEN, env });
    try {
      const ada = await client(first.url);
      const marker = `${8 + Math.random()}`.slice(0, 10);
      const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: `sleep ${marker}` });
      await waitFor(() => processesMatching(`sleep ${marker}`).length > 0, 15_000, 'the command to run');
      await waitFor(() => ada.run(run.id)?.sandbox !== null, 5000, 'the run to start');
      const sandboxed = ada.run(run.id)!.sandbox!.sandboxed;
      await first.kill('SIGKILL');
      // bubblewrap's --die-with-parent takes the command down with Tandem; the kill can land while
      // the sandbox is still being set up (the marker is on bwrap's own command line), which the
      // start gate covers.
      if (sandboxed) {
        try {
          await waitFor(() => processesMatching(`sleep ${marker}`).length === 0, 5000, 'the command to die');
        } catch (err) {
          const { execSync } = await import('node:child_process');
          console.log(
            'DIAG',
            execSync(`ps -eo pid,ppid,stat,args | grep -v grep | grep -E "${marker}|PID"`).toString(),
          );
          throw err;
        }
      }
      const second = await startServerProcess({ workspace, dataDir, token: TEST_TOKEN, env });
      try {
        const bo = await client(second.url, 'Bo');
        await bo.watch(run.id);
        await finished(bo, run.id, 60_000);
        expect(bo.run(run.id)?.status).toBe('succeeded');
        expect(bo.evidence(run.id).filter((e) => e.kind === 'command' && e.phase === 'started')).toHaveLength(2);
      } finally {
        await second.kill('SIGTERM');
      }
    } finally {
      await first.kill('SIGKILL');
    }
  }, 180_000);

  it('without a sandbox the command outlives a kill -9, and the next start kills it', async () => {
    const workspace = makeWorkspace(FILES);
    // Unsandboxed commands ask a person by default (docs/agents.md#approvals): this workspace allows them.
    fs.writeFileSync(path.join(workspace, 'tandem.json'), JSON.stringify({ approvals: { allow: ['*'] } }));
    const dataDir = tempDir('data');
    const env = {
      TANDEM_SIM_STRONG_TPS: '5000',
      TANDEM_SIM_TTFT_MS: '5',
      TANDEM_RUN_CONCURRENCY: '1',
      TANDEM_RUN_SANDBOX: 'off',
    };
    const first = await startServerProcess({ workspace, dataDir, token: TEST_TOKEN, env });
    const marker = `${700 + Math.random()}`.slice(0, 10);
    try {
      const ada = await client(first.url);
      const run = await ada.start({
        instruction: 'rename total to sum in src/sum.js',
        validation: `sleep ${marker} & sleep ${marker}; wait`,
      });
      await waitFor(() => processesMatching(`sleep ${marker}`).length >= 2, 15_000, 'the commands to run');
      expect(ada.run(run.id)?.sandbox?.sandboxed).toBe(false);
      const leftovers = processesMatching(`sleep ${marker}`);
      await first.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 300));
      expect(leftovers.filter(alive).length).toBeGreaterThanOrEqual(2);
      const second = await startServerProcess({ workspace, dataDir, token: TEST_TOKEN, env });
      try {
        await waitFor(() => leftovers.filter(alive).length === 0, 5000, 'the leftover commands to be killed');
        expect(second.output()).toMatch(/killed 1 command\(s\) left running by interrupted runs/);
        const bo = await client(second.url, 'Bo');
        await bo.watch(run.id);
        // Restarted after them: its commands run again (the test's finally stops them).
        await waitFor(
          () => bo.evidence(run.id).filter((e) => e.kind === 'command' && e.phase === 'started').length === 2,
          30_000,
          'the restarted run to run its command again',
        );
        expect(bo.run(run.id)?.status).toBe('running');
      } finally {
        await second.kill('SIGTERM');
      }
    } finally {
      await first.kill('SIGKILL');
      for (const pid of processesMatching(`sleep ${marker}`)) process.kill(pid, 'SIGKILL');
    }
  }, 180_000);

  it('at start, snapshots of runs that finished more than a day ago are removed, their diff kept', async () => {
    const workspace = makeWorkspace(FILES);
    gitInit(workspace);
    const dataDir = tempDir('data');
    const a = await start(workspace, dataDir);
    const ada = await client(a.url);
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: null });
    await ada.watch(run.id);
    await finished(ada, run.id);
    await a.close();
    h.closed(a);
    const runDir = path.join(dataDir, 'runs', run.id);
    expect(fs.existsSync(runDir)).toBe(true);
    const db = openDb(dataDir);
    db.prepare('UPDATE runs SET finished_at = ? WHERE id = ?').run(Date.now() - 25 * 60 * 60_000, run.id);
    db.close();
    fs.mkdirSync(path.join(dataDir, 'runs', 'orphan-folder'));

    const b = await start(workspace, dataDir);
    expect(fs.existsSync(runDir)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'runs', 'orphan-folder'))).toBe(false);
    expect(
      execFileSync('git', ['worktree', 'list'], { cwd: workspace, encoding: 'utf8' }).trim().split('\n'),
    ).toHaveLength(1);
    const bo = await client(b.url, 'Bo');
    expect(bo.run(run.id)?.status).toBe('succeeded');
    expect((await bo.loadDiff(run.id)).files.map((f) => f.path)).toEqual(['src/sum.js']);
  });

  it('discard removes the run and its git worktree', async () => {
    const workspace = makeWorkspace(FILES);
    gitInit(workspace);
    const s = await start(workspace, tempDir('data'));
    const ada = await client(s.url);
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: null });
    await ada.watch(run.id);
    await finished(ada, run.id);
    const worktrees = () =>
      execFileSync('git', ['worktree', 'list'], { cwd: workspace, encoding: 'utf8' }).trim().split('\n').length;
    expect(worktrees()).toBe(2);
    await ada.discard(run.id);
    expect(worktrees()).toBe(1);
    await waitFor(() => ada.run(run.id) === undefined, 2000, 'run/removed');
    expect(fs.existsSync(path.join(s.config.dataDir, 'runs', run.id))).toBe(false);
    await expect(ada.loadDiff(run.id)).rejects.toThrow(/there is no run/);
  });

  it('a late watcher and one that reconnects mid-run both end with every event exactly once', async () => {
    const s = await start(makeWorkspace(FILES), tempDir('data'));
    const ada = await client(s.url);
    const flaky: ClientSocket = io(s.url, {
      transports: ['websocket'],
      auth: { token: TEST_TOKEN, name: 'Flo' },
      forceNew: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 50,
    });
    h.track(flaky);
    await new Promise<void>((resolve) => flaky.once('connect', () => resolve()));
    const flo = new RunsClient(flaky, quietRuns);
    const run = await ada.start({
      instruction: 'rename total to sum in src/sum.js',
      validation: 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "line $i"; sleep 0.06; done',
    });
    await ada.watch(run.id);
    await flo.watch(run.id);
    await waitFor(
      () => flo.evidence(run.id).some((e) => e.kind === 'validation' && e.phase === 'progress'),
      10_000,
      'validation output',
    );
    let reconnected = false;
    flaky.io.once('reconnect', () => (reconnected = true));
    flaky.io.engine.close();
    await waitFor(() => reconnected, 5000, 'reconnect');
    const late = await client(s.url, 'Lee');
    await late.watch(run.id);
    await finished(ada, run.id);
    await waitFor(
      () =>
        flo.evidence(run.id).length === ada.evidence(run.id).length &&
        late.evidence(run.id).length === ada.evidence(run.id).length,
      5000,
      'everyone caught up',
    );
    const all = ada.evidence(run.id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(flo.evidence(run.id)).toEqual(all);
    expect(late.evidence(run.id)).toEqual(all);
    expect(all.filter((e) => e.kind === 'validation' && e.phase === 'progress').length).toBeGreaterThan(1);
  });
});
