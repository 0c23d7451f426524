// Why: to find where a server's µs per token go under many sessions (issue 13), the scale
// benchmark's workload is run once against Tandem processes that carry V8's sampling profiler
// (bench/lib/profileHook.mjs), profiled over the measured window only. Prints the figures, the
// functions that took the most time per process, and the .cpuprofile files (open them in Chrome
// DevTools' Performance panel). Usage: node --import tsx bench/profile.ts [sessions] [nodes]
import fs from 'node:fs';
import path from 'node:path';
import type { BenchContext } from './lib/context';
import { summarizeProfile, type CpuProfile, type Share } from './lib/cpuProfile';
import { startFleet, type Fleet } from './lib/fleet';
import { snapshotTandem, stopAll } from './lib/servers';
import { startBenchSim } from './lib/sim';
import { tempDir } from '../server/testing/fixtures';
import { warmUp } from './lib/warmup';
import { workspaceFiles } from './lib/workload';
import { MAX_CONNECTIONS, measure, sessionFiles } from './scale';

const HOOK = path.join(import.meta.dirname, 'lib/profileHook.mjs');

const percent = (shares: Share[]) => shares.map((s) => `  ${(100 * s.share).toFixed(1).padStart(5)}%  ${s.name}`);

async function waitForFiles(dir: string, count: number): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length >= count) return files.map((f) => path.join(dir, f));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the profiles were not written to ${dir}`);
}

async function main(): Promise<void> {
  const sessions = Number(process.argv[2] ?? 200);
  const count = Number(process.argv[3] ?? 1);
  const out = tempDir('bench-profile');
  const sim = await startBenchSim();
  const snapshot = snapshotTandem(false);
  const ctx: BenchContext = {
    smoke: false,
    sim,
    tandem: null as never,
    snapshot,
    peer: null,
    files: workspaceFiles(),
    browser: null,
    row: () => undefined,
    log: (m) => console.log(`[profile] ${m}`),
  };
  let fleet: Fleet | null = null;
  try {
    const env = { NODE_OPTIONS: `--import ${HOOK}`, TANDEM_PROFILE_DIR: out };
    fleet = await startFleet(ctx, count, sessionFiles(ctx, sessions), MAX_CONNECTIONS, env);
    await Promise.all(fleet.nodes.map((n) => warmUp({ ...ctx, tandem: n })));
    const signal = () => fleet!.nodes.forEach((n) => process.kill(n.pid, 'SIGUSR2'));
    const m = await measure(ctx, fleet, sessions, { start: signal, end: signal });
    const cpu = m.cpu.nodes;
    console.log(
      `\n${sessions} sessions on ${fleet.name}: per-token delivery p50 ${m.lags.p50.toFixed(2)} ms, ` +
        `p99 ${m.lags.p99.toFixed(1)} ms; server CPU ${((cpu * 1000) / m.tokens).toFixed(2)} µs per token ` +
        `(${(cpu / m.wallMs).toFixed(2)} cores), ${(m.tokens / m.writes).toFixed(1)} tokens per simulator write; ` +
        `the measuring process used ${m.benchCores.toFixed(2)} cores; load average ${m.load}`,
    );
    for (const file of await waitForFiles(out, fleet.nodes.length)) {
      const { self, inclusive } = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, 30);
      console.log(`\n${file}\nself:\n${percent(self).join('\n')}\ninclusive:\n${percent(inclusive).join('\n')}`);
    }
  } finally {
    await fleet?.stop();
    await stopAll();
    await sim.close();
    fs.rmSync(snapshot, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error((err as Error).stack ?? err);
    process.exit(1);
  },
);
