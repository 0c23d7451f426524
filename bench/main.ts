// Why: `npm run bench` measures Tandem's latency side by side with a peer (the Vercel AI SDK in a
// Next.js app) on one simulated model, and writes bench/results/latest.{md,json};
// `npm run bench -- --smoke` is the seconds-long CI version (Tandem only, Node clients, small
// counts) that fails only when a measurement could not be taken. `--only a,b` runs some of them;
// `--minutes N` sets how long the soak runs (default 3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { browserTurns } from './browserTurn';
import { cluster } from './cluster';
import { collab } from './collab';
import { complete } from './complete';
import { delivery } from './delivery';
import { diff } from './diff';
import { fastPaths } from './fastPaths';
import { firstToken } from './firstToken';
import { fuzz } from './fuzz';
import { CHROMIUM_PATH } from '../server/testing/chromium';
import { launchBrowser } from './lib/browser';
import type { BenchContext } from './lib/context';
import { describeMachine, renderMarkdown, targetLines, writeResults, type RunResult } from './lib/results';
import { otherLoad } from './lib/proc';
import {
  buildPeer,
  ensureTandemBuild,
  ROOT,
  snapshotTandem,
  startPeer,
  startTandem,
  stopAll,
  type Server,
} from './lib/servers';
import { startBenchSim, type BenchSim } from './lib/sim';
import { warmUp } from './lib/warmup';
import type { Row } from './lib/table';
import { workspaceFiles } from './lib/workload';
import { render } from './render';
import { scale } from './scale';
import { soak } from './soak';

/** `ownServers`: it starts every server it measures, so a run of it alone starts no shared ones. */
type Bench = { run(ctx: BenchContext): Promise<void>; browser?: true; full?: true; ownServers?: true };
const BENCHES: Record<string, Bench> = {
  diff: { run: diff },
  'first-token': { run: firstToken },
  delivery: { run: delivery },
  browser: { run: browserTurns, browser: true, full: true },
  render: { run: render, browser: true, full: true },
  complete: { run: complete, browser: true, full: true },
  scale: { run: scale },
  collab: { run: collab },
  'fast-paths': { run: fastPaths },
  cluster: { run: cluster },
  fuzz: { run: fuzz },
  soak: { run: soak, ownServers: true },
};

function parseArgs(argv: string[]): { smoke: boolean; only: string[]; minutes: number | null } {
  const smoke = argv.includes('--smoke');
  const i = argv.indexOf('--only');
  const only = i >= 0 ? (argv[i + 1] ?? '').split(',').filter(Boolean) : [];
  for (const name of only)
    if (!BENCHES[name]) throw new Error(`--only: no benchmark "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
  const m = argv.indexOf('--minutes');
  const minutes = m >= 0 ? Number(argv[m + 1]) : null;
  if (minutes !== null && !(minutes > 0))
    throw new Error('--minutes: give how long the soak runs, in minutes, e.g. --minutes 30');
  const valued = ['--only', '--minutes'];
  const unknown = argv.filter(
    (a, k) => a.startsWith('--') && a !== '--smoke' && !valued.includes(a) && !valued.includes(argv[k - 1]!),
  );
  if (unknown.length)
    throw new Error(`unknown option ${unknown[0]} (use --smoke, --only <name[,name]>, --minutes <n>)`);
  return { smoke, only, minutes };
}

async function main(): Promise<number> {
  const { smoke, only, minutes } = parseArgs(process.argv.slice(2));
  // The benches measure throughput: the servers they start (which inherit this environment) run
  // without rate limits unless the environment sets them.
  for (const name of ['TANDEM_LIMIT_EVENTS_PER_SEC', 'TANDEM_LIMIT_MODEL_PER_MIN', 'TANDEM_LIMIT_RUNS_PER_HOUR'])
    process.env[name] ??= '0';
  const started = performance.now();
  const log = (m: string) => console.log(`[bench] ${m}`);
  const selected = Object.entries(BENCHES).filter(
    ([name, b]) => (only.length ? only.includes(name) : true) && !(smoke && b.full),
  );
  const needsBrowser = selected.some(([, b]) => b.browser);
  const machine = describeMachine(ROOT, needsBrowser ? CHROMIUM_PATH : undefined);
  const rows: Row[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  let sim: BenchSim | null = null;
  let browser: Browser | null = null;
  let snapshot: string | null = null;
  // The soak runs as long as it is told (default 3 minutes), on top of the others.
  const limit = (smoke ? 3 : 15) + (selected.some(([name]) => name === 'soak') && !smoke ? (minutes ?? 3) : 0);
  const guard = setTimeout(() => {
    console.error(`[bench] the run took over ${limit} minutes: stopping`);
    void stopAll().finally(() => process.exit(1));
  }, limit * 60_000);
  guard.unref();
  // Nothing shared sits idle beside a bench that brings its own servers (a 30-minute soak's stalls).
  const shared = !selected.every(([, b]) => b.ownServers);
  try {
    sim = await startBenchSim();
    if (!smoke && shared) buildPeer(log);
    if (needsBrowser) await ensureTandemBuild(log);
    snapshot = snapshotTandem(needsBrowser);
    const files = workspaceFiles();
    const tandem = shared
      ? await startTandem({ snapshot, simBaseUrl: sim.server.baseUrl, files, ui: needsBrowser })
      : null;
    const peer = smoke || !shared ? null : await startPeer(sim.server.baseUrl);
    if (needsBrowser) browser = await launchBrowser();
    const ctx: BenchContext = {
      smoke,
      minutes,
      sim,
      get tandem(): Server {
        if (!tandem) throw new Error('this run started no shared Tandem: its benches bring their own');
        return tandem;
      },
      snapshot,
      peer,
      files,
      browser,
      row: (r) => rows.push(r),
      log,
    };
    if (shared && selected.some(([name]) => name !== 'diff')) {
      log('warming up both servers…');
      await warmUp(ctx);
    }
    for (const [name, bench] of selected) {
      const t0 = performance.now();
      const others = otherLoad(process.pid);
      log(`${name}…`);
      try {
        await bench.run(ctx);
        const load = others();
        log(
          `${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s ` +
            `(other processes on the machine used ${load.toFixed(2)} cores meanwhile)`,
        );
        notes.push(
          `${name}: other processes on the machine used ${load.toFixed(2)} of ${os.availableParallelism()} cores ` +
            'on average while it ran.',
        );
        sim.forget();
      } catch (err) {
        failures.push(`${name}: ${(err as Error).stack ?? String(err)}`);
        console.error(`[bench] ${name} FAILED: ${(err as Error).stack ?? String(err)}`);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await stopAll();
    await sim?.close();
    if (snapshot) fs.rmSync(snapshot, { recursive: true, force: true });
    clearTimeout(guard);
  }

  const run: RunResult = {
    mode: smoke ? 'smoke' : 'full',
    durationS: (performance.now() - started) / 1000,
    machine,
    rows,
    notes,
  };
  const base = smoke ? 'smoke' : only.length ? 'partial' : 'latest';
  const written = writeResults(path.join(ROOT, 'bench/results'), base, run);
  console.log(`\n${renderMarkdown(run)}`);
  console.log('Targets:');
  for (const line of targetLines(rows)) console.log(line);
  console.log(
    `\n[bench] wrote ${written.map((f) => path.relative(ROOT, f)).join(', ')} in ${run.durationS.toFixed(1)} s`,
  );
  if (failures.length) {
    console.error(`\n[bench] ${failures.length} benchmark(s) could not be measured:\n${failures.join('\n')}`);
    return 1;
  }
  return 0;
}

const stopOnSignal = (signal: string) => {
  console.error(`[bench] ${signal}: stopping servers`);
  void stopAll().finally(() => process.exit(130));
};
process.once('SIGINT', () => stopOnSignal('SIGINT'));
process.once('SIGTERM', () => stopOnSignal('SIGTERM'));

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[bench] ${(err as Error).stack ?? err}`);
    void stopAll().finally(() => process.exit(1));
  },
);
