// Integration: whole background runs over a real socket — the simulated strong model over real
// HTTP, real git snapshots, real commands (sandboxed when bubblewrap works), real SQLite.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunsClient } from '../../lib/client/runsClient';
import { connectClient, makeWorkspace, openDoc, tempDir, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { quietRuns, runFinished, runHarness } from '../testing/runHarness';
import { processesMatching } from './sandbox/processScan';
import type { RunSettings } from './settings';
import { gitInit } from './snapshot/testRepo';

const h = runHarness();

function sampleWorkspace(git: boolean): string {
  const dir = path.join(tempDir('runs'), 'sample');
  fs.cpSync(path.resolve('server/workspace/sample'), dir, { recursive: true });
  if (git) gitInit(dir);
  return dir;
}

async function setup(opts: { workspace?: string; dataDir?: string; runs?: Partial<RunSettings> } = {}) {
  const s = await h.server(
    {
      workspace:
        opts.workspace ??
        makeWorkspace({ 'src/sum.js': 'let total = 0;\nfor (const x of [1, 2]) total += x;\nconsole.log(total);\n' }),
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    },
    opts.runs,
  );
  const socket = h.track(await connectClient(s.url, { name: 'Ada' }));
  const client = new RunsClient(socket, quietRuns);
  await client.refresh();
  return { s, socket, client };
}

const finished = runFinished;

describe('background runs', () => {
  it("runs the agent in a worktree, validates with the workspace's npm test, and returns a diff", async () => {
    const workspace = sampleWorkspace(true);
    const before = fs.readFileSync(path.join(workspace, 'src/cart.ts'), 'utf8');
    const { client } = await setup({ workspace });
    const t0 = performance.now();
    const run = await client.start({
      instruction: 'rename total to sum',
      path: 'src/cart.ts',
      range: { startLine: 14, endLine: 20 },
    });
    expect(run.validation).toEqual({ command: 'npm test', source: 'package.json' });
    await client.watch(run.id);
    // npm test runs twice (the agent's command, then validation): ~5 s each on a loaded machine.
    await finished(client, run.id, 90_000);
    const elapsed = performance.now() - t0;
    const done = client.run(run.id)!;
    expect(done.status, done.reason ?? '').toBe('succeeded');
    expect(done.reason).toBe('validated: `npm test` passed');
    expect(done.isolation).toBe('worktree');
    expect(done.validationResult?.passed).toBe(true);
    expect(done.progress.toolCalls).toBe(3);

    const events = client.evidence(run.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const kinds = events
      .filter((e) => e.phase !== 'progress')
      .map((e) => `${e.kind}:${e.phase}${'tool' in e ? `:${e.tool}` : ''}`);
    expect(kinds).toEqual([
      'status:completed', // queued
      'status:completed', // started
      'status:completed', // snapshot
      'tool:started:read_file',
      'tool:completed:read_file',
      'tool:started:apply_patch',
      'tool:completed:apply_patch',
      'command:started',
      'command:completed',
      'message:completed',
      'status:completed', // timings
      'validation:started',
      'validation:completed',
      'status:completed', // diff
    ]);
    const command = events.find((e) => e.kind === 'command' && e.phase === 'completed');
    expect(command).toMatchObject({ command: 'npm test', exitCode: 0 });
    expect(events.find((e) => e.kind === 'validation' && e.phase === 'completed')).toMatchObject({
      passed: true,
      exitCode: 0,
    });

    const diff = await client.loadDiff(run.id);
    expect(diff.files.map((f) => f.path)).toEqual(['src/cart.ts']);
    expect(diff.files[0].baseText).toBe(before);
    expect(diff.files[0].resultText).toBe(before.replace(/\btotal\b/g, 'sum'));
    expect(diff.patch).toMatch(
      /^diff --git a\/src\/cart.ts b\/src\/cart.ts\n--- a\/src\/cart.ts\n\+\+\+ b\/src\/cart.ts\n@@ /,
    );
    expect(fs.readFileSync(path.join(workspace, 'src/cart.ts'), 'utf8')).toBe(before);
    const timings = events.find((e) => e.kind === 'status' && e.text.startsWith('Agent:'));
    const agent = timings?.kind === 'status' ? timings.text : '';
    console.log(`[measure] full sim run with npm test twice: ${Math.round(elapsed)} ms; ${agent}`);
  }, 120_000);

  it('a worktree of a workspace inside the data folder (the bundled sample) still sees its git history', async () => {
    const dataDir = tempDir('data');
    const workspace = path.join(dataDir, 'workspaces', 'sample');
    fs.mkdirSync(workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'sum.js'), 'let total = 0;\n');
    gitInit(workspace);
    const { client } = await setup({ workspace, dataDir });
    const run = await client.start({
      instruction: 'rename total to sum in sum.js',
      validation: 'git log --oneline -1 && git diff --stat',
    });
    await client.watch(run.id);
    await finished(client, run.id);
    expect(client.run(run.id)).toMatchObject({ status: 'succeeded', isolation: 'worktree' });
    const validation = client.evidence(run.id).find((e) => e.kind === 'validation' && e.phase === 'completed');
    expect(validation && 'output' in validation ? validation.output : '').toMatch(/init\n sum.js \| 2 \+-/);
  });

  it('fails with the reason when validation fails, and still has the diff', async () => {
    const { s, client } = await setup();
    const run = await client.start({
      instruction: 'rename total to sum in src/sum.js',
      validation: 'node -e "console.log(\'checking\'); process.exit(3)"',
    });
    await client.watch(run.id);
    await finished(client, run.id);
    const done = client.run(run.id)!;
    expect(done.status).toBe('failed');
    expect(done.reason).toBe(
      'validation failed: `node -e "console.log(\'checking\'); process.exit(3)"` exited with code 3',
    );
    expect(done.isolation).toBe('copy');
    expect(client.evidence(run.id).find((e) => e.kind === 'validation' && e.phase === 'completed')).toMatchObject({
      passed: false,
      exitCode: 3,
      output: 'checking\n',
    });
    expect((await client.loadDiff(run.id)).files.map((f) => f.path)).toEqual(['src/sum.js']);
    // Counted once on /metrics, by outcome, as run by this process (no cluster: `embedded`).
    const text = await (await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).text();
    const labels = 'outcome="failed",processed_by="embedded"';
    expect(text).toMatch(new RegExp(`^tandem_runs_finished_total\\{${labels},workspace="[^"]*"\\} 1$`, 'm'));
    expect(text).toMatch(new RegExp(`^tandem_run_duration_ms_count\\{${labels},workspace="[^"]*"\\} 1$`, 'm'));
  });

  it('is shown as not validated when there is no validation command', async () => {
    const { client } = await setup();
    const run = await client.start({ instruction: 'rename total to sum in src/sum.js' });
    expect(run.validation).toEqual({ command: null, source: 'none' });
    await client.watch(run.id);
    await finished(client, run.id);
    expect(client.run(run.id)).toMatchObject({
      status: 'succeeded',
      reason: 'not validated: no validation command (request, tandem.json or package.json)',
    });
  });

  it('takes the validation command from tandem.json, and snapshots unsaved collaborative text', async () => {
    const workspace = makeWorkspace({
      'src/sum.js': 'let total = 0;\n',
      'tandem.json': JSON.stringify({ validation: 'grep -q sum src/sum.js' }),
    });
    const { s, socket, client } = await setup({ workspace });
    const doc = await openDoc(socket, 'src/sum.js');
    doc.text.insert(doc.text.length, 'total += 1; // unsaved\n');
    await waitFor(() => doc.pending === 0, 5000, 'durable edit');
    const run = await client.start({ instruction: 'rename total to sum', path: 'src/sum.js' });
    expect(run.validation).toEqual({ command: 'grep -q sum src/sum.js', source: 'tandem.json' });
    await client.watch(run.id);
    await finished(client, run.id);
    expect(client.run(run.id)?.status).toBe('succeeded');
    const diff = await client.loadDiff(run.id);
    expect(diff.files[0].baseText).toBe('let total = 0;\ntotal += 1; // unsaved\n');
    expect(diff.files[0].resultText).toBe('let sum = 0;\nsum += 1; // unsaved\n');
    expect(fs.readFileSync(path.join(s.config.workspace, 'src/sum.js'), 'utf8')).toBe('let total = 0;\n');
  });

  it('cancel mid-command kills the whole process group', async () => {
    const { client } = await setup();
    const marker = `${700 + Math.random()}`.slice(0, 10);
    const run = await client.start({
      instruction: 'rename total to sum in src/sum.js',
      validation: `sleep ${marker} & sleep ${marker}; wait`,
    });
    await client.watch(run.id);
    await waitFor(() => processesMatching(`sleep ${marker}`).length >= 2, 10_000, 'the command to run');
    const t0 = performance.now();
    await client.cancel(run.id);
    await waitFor(() => processesMatching(`sleep ${marker}`).length === 0, 5000, 'the process group to die');
    const goneMs = performance.now() - t0;
    await finished(client, run.id);
    expect(client.run(run.id)).toMatchObject({ status: 'cancelled', reason: 'cancelled by Ada' });
    const command = client.evidence(run.id).find((e) => e.kind === 'command' && e.phase === 'completed');
    expect(command).toMatchObject({ cancelled: true, exitCode: null });
    console.log(`[measure] cancel → process group gone: ${goneMs.toFixed(1)} ms`);
  });

  it('queues runs beyond the concurrency, cancels a queued run at once, and reports limits', async () => {
    const { client } = await setup({ runs: { concurrency: 1, maxSteps: 2 } });
    const first = await client.start({ instruction: 'rename total to sum in src/sum.js', validation: 'sleep 0.5' });
    const second = await client.start({ instruction: 'rename total to amount in src/sum.js', validation: 'true' });
    const third = await client.start({ instruction: 'rename total to count in src/sum.js', validation: 'true' });
    expect(client.run(second.id)?.status).toBe('queued');
    const cancelled = await client.cancel(third.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: 'cancelled by Ada' });
    await finished(client, first.id);
    await finished(client, second.id);
    // Two turns are not enough for read → patch → command → summary.
    expect(client.run(first.id)).toMatchObject({
      status: 'failed',
      reason: 'stopped after 2 model turns without finishing (the limit, TANDEM_RUN_MAX_STEPS)',
    });
    expect(client.run(second.id)!.startedAt!).toBeGreaterThanOrEqual(client.run(first.id)!.finishedAt!);
  });

  it('stops at the run time limit, killing the running command, and at the token limit', async () => {
    const { client } = await setup({ runs: { maxRunMs: 800 } });
    const marker = `${750 + Math.random()}`.slice(0, 10);
    const slow = await client.start({
      instruction: 'rename total to sum in src/sum.js',
      validation: `sleep ${marker}`,
    });
    await client.watch(slow.id);
    await finished(client, slow.id);
    expect(client.run(slow.id)).toMatchObject({
      status: 'failed',
      reason: 'stopped after 1 s: the run time limit (TANDEM_RUN_MAX_MS)',
    });
    expect(processesMatching(`sleep ${marker}`)).toEqual([]);
    const { client: c2 } = await setup({ runs: { maxTokens: 300 } });
    const greedy = await c2.start({ instruction: 'rename total to sum in src/sum.js', validation: null });
    await c2.watch(greedy.id);
    await finished(c2, greedy.id);
    expect(c2.run(greedy.id)?.reason).toMatch(
      /^stopped after using [\d,]+ tokens \(the limit is 300, TANDEM_RUN_MAX_TOKENS\)$/,
    );
  });

  it('refuses bad requests with clear errors', async () => {
    const { client } = await setup();
    await expect(client.start({ instruction: 'x', path: '../etc/passwd' })).rejects.toThrow(
      /path must not contain "\.\."/,
    );
    await expect(client.start({ instruction: '   ' })).rejects.toThrow(/instruction is empty/);
    await expect(client.cancel('nope')).rejects.toThrow(/there is no run nope/);
    const run = await client.start({ instruction: 'rename total to sum in src/sum.js', validation: null });
    await client.watch(run.id);
    await finished(client, run.id);
    await expect(client.cancel(run.id)).rejects.toThrow(/already finished/);
    await expect(
      client.recordHunkDecisions(run.id, [{ path: 'other.js', hunkId: 'h1', decision: 'applied' }]),
    ).rejects.toThrow(/did not change other.js/);
  });
});
