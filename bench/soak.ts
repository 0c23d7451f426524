// Why: issue 14's soak — a busy workspace for minutes on end must not leak or stall. One Tandem
// process on the bench's simulator (its own, started with bench/lib/soakHook.mjs, so memory and
// event-loop figures are the server's alone, not the load generator's) carries 20 typists in 4
// shared documents who disconnect and come back, 10 fast sessions streaming and redirecting in a
// loop, and background runs queued and cancelled. It compares the heap and RSS after a forced
// full GC at the end of warm-up and at the end (and every 5 minutes between: whether memory levels
// off or keeps growing; bench/lib/soakReport.ts), takes the longest event-loop stall after warm-up,
// and checks that every document converged (every client, a fresh reader, and the file on disk
// after a save) and that no run is left running. Default 3 minutes, `--minutes N`; smoke: 8 s.
// TANDEM_SOAK_PROFILE=1 also profiles the server over the measured window and prints its longest
// synchronous tasks and what held them (bench/lib/soakProfile.ts), keeping the .cpuprofile.
// The load generator (this process: the people's clients and the simulated model) runs at nice
// GENERATOR_NICE while it loads the server: in use they are on other machines, and on this one
// they would take the server's core in the moments it needs one (runs' commands are niced too).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from '../lib/client/socket';
import { SIM_STRONG_MODEL } from '../server/models/sim/settings';
import { tempDir } from '../server/testing/fixtures';
import { TandemClient } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { treeCpuMs } from './lib/proc';
import { startTandem, TOKEN } from './lib/servers';
import { MODEL } from './lib/sim';
import { parseSamples, SOAK_TARGETS } from './lib/soakFigures';
import { FastSession, newCounts, RunDelegator, Typist, type SoakCounts } from './lib/soakLoad';
import { CURVE_EVERY_S, DOCS, report, type Docs } from './lib/soakReport';
import { codeLines } from './lib/workload';
import { printProfile } from './lib/soakProfileReport';

const HOOK = path.join(import.meta.dirname, 'lib/soakHook.mjs');
const TYPISTS = 20;
const SESSIONS = 10;
const SESSION_LINES = 40;
const RUN_FILE = 'src/run.ts';
const GENERATOR_NICE = 5;

export async function soak(ctx: BenchContext): Promise<void> {
  const totalS = ctx.smoke ? 8 : (ctx.minutes ?? 3) * 60;
  const warmS = ctx.smoke ? 3 : Math.min(30, totalS / 3);
  const files: Record<string, string> = { [RUN_FILE]: codeLines(SESSION_LINES).join('\n') };
  for (let d = 0; d < DOCS; d++) files[`src/shared-${d}.ts`] = '// typed together\n';
  for (let s = 0; s < SESSIONS; s++) files[`src/fast-${s}.ts`] = codeLines(SESSION_LINES).join('\n');
  const workspace = tempDir('bench-soak-ws');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(workspace, rel), text);
  }
  const dir = tempDir('bench-soak');
  const samplesFile = path.join(dir, 'samples.jsonl');
  // An idle Node process with the same hook: its stalls are the machine's (CPU contention), not Tandem's.
  const controlFile = path.join(dir, 'control.jsonl');
  const profileDir = process.env.TANDEM_SOAK_PROFILE === '1' ? tempDir('bench-soak-profile') : null;
  const control = spawn(process.execPath, ['--import', HOOK, '-e', 'setInterval(() => {}, 1000)'], {
    env: { ...process.env, TANDEM_SOAK_FILE: controlFile, TANDEM_SOAK_HEAP: '' },
    stdio: 'ignore',
  });
  const server = await startTandem({
    snapshot: ctx.snapshot,
    simBaseUrl: ctx.sim.server.baseUrl,
    files,
    workspace,
    ui: false,
    env: {
      NODE_OPTIONS: `--expose-gc --import ${HOOK}`,
      TANDEM_SOAK_FILE: samplesFile,
      ...(profileDir ? { TANDEM_SOAK_PROFILE: profileDir } : {}),
    },
  });
  const profiles = ctx.sim.server.profiles;
  const rates = { fast: profiles[MODEL]!.tokensPerSecond, strong: profiles[SIM_STRONG_MODEL]!.tokensPerSecond };
  // A 40-line rename streams for about 1.5 s: long enough to redirect mid-stream; runs take seconds.
  profiles[MODEL]!.tokensPerSecond = 250;
  profiles[SIM_STRONG_MODEL]!.tokensPerSecond = 2000;
  const counts = newCounts();
  const stop = { stopped: false };
  const typists = Array.from(
    { length: TYPISTS },
    (_, i) => new Typist(server.url, TOKEN, i, `src/shared-${i % DOCS}.ts`),
  );
  const sessions = Array.from(
    { length: SESSIONS },
    (_, s) => new FastSession(server.url, TOKEN, `src/fast-${s}.ts`, SESSION_LINES),
  );
  const delegator = new RunDelegator(server.url, TOKEN, RUN_FILE);
  const generatorNice = yieldTo(GENERATOR_NICE);
  try {
    await Promise.all([
      ...typists.map((t) => t.connect(counts)),
      ...sessions.map((s, i) => s.connect(`fast-${i}`, counts)),
      delegator.connect(counts),
    ]);
    ctx.log(`soak: ${TYPISTS} typists, ${SESSIONS} fast sessions and a delegator connected; ${totalS} s of load…`);
    // A loop that fails stops the soak (and says why) instead of leaving the others running alone.
    const failures: Error[] = [];
    const loops = [
      ...typists.map((t) => t.type(stop, 500, 15, counts)),
      ...sessions.map((s) => s.loop(stop, counts)),
      delegator.loop(stop, ctx.smoke ? 2000 : 4000, counts),
      reconnecting(stop, typists, counts),
    ].map((loop) =>
      loop.catch((err: Error) => {
        failures.push(err);
        stop.stopped = true;
      }),
    );
    const started = Date.now();
    await during(stop, warmS * 1000);
    const warmAt = Date.now();
    const cpu0 = treeCpuMs(server.pid);
    const generator0 = process.cpuUsage();
    process.kill(server.pid, 'SIGUSR2');
    ctx.log(`soak: warmed up (${warmS} s); measuring…`);
    // Not while profiling: the same signal starts and stops the profiler (soakHook.mjs).
    const curveS = profileDir || ctx.smoke ? Infinity : CURVE_EVERY_S;
    for (let left = totalS - warmS; left > 0 && !stop.stopped; left -= curveS) {
      await during(stop, Math.min(curveS, left) * 1000);
      if (left > curveS) process.kill(server.pid, 'SIGUSR2');
    }
    process.kill(server.pid, 'SIGUSR2');
    const cores = (treeCpuMs(server.pid) - cpu0) / (Date.now() - warmAt);
    const generatorUsage = process.cpuUsage(generator0);
    const generator = {
      cores: (generatorUsage.user + generatorUsage.system) / 1000 / (Date.now() - warmAt),
      nice: generatorNice.nice,
    };
    await pause(1500);
    stop.stopped = true;
    await Promise.all(loops);
    if (failures.length) throw new Error(`soak: the load stopped: ${failures[0]!.stack ?? failures[0]!.message}`);
    const loadS = (Date.now() - started) / 1000;
    const samples = parseSamples(fs.readFileSync(samplesFile, 'utf8'));
    const controlSamples = parseSamples(fs.readFileSync(controlFile, 'utf8'));
    const docs = await converged(server.url, workspace, typists);
    const runs = await delegator.settle(120_000, counts);
    const open = (runs.queued ?? 0) + (runs.running ?? 0);
    report(ctx, { samples, control: controlSamples, cores, generator, warmAt, loadS, counts, docs, runs, open });
    if (profileDir) await printProfile(ctx, profileDir, SOAK_TARGETS.stallMs);
    if (!docs.ok) throw new Error(`soak: the documents did not converge: ${docs.detail}`);
    if (open > 0) throw new Error(`soak: ${open} run(s) still queued or running after the load stopped`);
  } finally {
    generatorNice.restore();
    stop.stopped = true;
    profiles[MODEL]!.tokensPerSecond = rates.fast;
    profiles[SIM_STRONG_MODEL]!.tokensPerSecond = rates.strong;
    for (const c of [...typists, ...sessions, delegator]) {
      try {
        c.close();
      } catch {
        // never connected
      }
    }
    await server.stop();
    control.kill('SIGKILL');
    for (const d of [workspace, dir]) fs.rmSync(d, { recursive: true, force: true });
  }
}

/**
 * Lowers this process's priority to `nice` (its main thread: the clients and the simulator) and
 * says what it got; `restore` puts it back where it may (raising it again needs privileges).
 */
function yieldTo(nice: number): { nice: number; restore(): void } {
  const before = os.getPriority();
  try {
    os.setPriority(nice);
  } catch {
    return { nice: before, restore: () => undefined };
  }
  return {
    nice,
    restore: () => {
      try {
        os.setPriority(before);
      } catch {
        // an unprivileged process cannot raise its priority again: the rest of this bench run stays niced
      }
    },
  };
}

/** Waits `ms`, or less if the load stopped. */
async function during(stop: { stopped: boolean }, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !stop.stopped && Date.now() < end;) await pause(Math.min(200, end - Date.now()));
}

/** Every few seconds a typist closes the tab and comes back. */
async function reconnecting(stop: { stopped: boolean }, typists: Typist[], counts: SoakCounts): Promise<void> {
  for (let i = 0; !stop.stopped; i++) {
    await pause(3000);
    if (!stop.stopped) await typists[(i * 7) % typists.length]!.reconnect(counts);
  }
}

/** All copies equal the server's text (a fresh reader's), each word once; after a save the file is the same. */
async function converged(url: string, workspace: string, typists: Typist[]): Promise<Docs> {
  const word = /‹t\d+\.\d+›/g;
  const reader = await TandemClient.connect(url, TOKEN, 'soak-reader');
  const problems: string[] = [];
  let words = 0;
  try {
    for (let d = 0; d < DOCS; d++) {
      const file = `src/shared-${d}.ts`;
      const copies = typists.filter((t) => t.path === file).map((t) => t.doc);
      const server = await reader.open(file);
      const same = () => copies.every((c) => c.pending === 0 && c.text.toString() === server.text.toString());
      for (let t = 0; t < 200 && !same(); t++) await pause(50);
      const text = server.text.toString();
      const found = text.match(word) ?? [];
      words += found.length;
      if (!same()) problems.push(`${file}: a client's copy differs from the server's`);
      if (new Set(found).size !== found.length) problems.push(`${file}: a word appears twice`);
      await request(reader.socket, 'doc/save', { path: file });
      const disk = fs.readFileSync(path.join(workspace, file), 'utf8');
      if (disk !== text) problems.push(`${file}: the file on disk differs from the document after a save`);
    }
  } finally {
    reader.close();
  }
  return { ok: problems.length === 0, detail: problems.join('; ') || 'all equal', words };
}
