// Why: issue 14's soak — a busy workspace for minutes on end must not leak or stall. One Tandem
// process on the bench's simulator (its own, started with bench/lib/soakHook.mjs, so memory and
// event-loop figures are the server's alone, not the load generator's) carries 20 typists in 4
// shared documents who disconnect and come back, 10 fast sessions streaming and redirecting in a
// loop, and background runs queued and cancelled. It compares the heap and RSS after a forced
// full GC at the end of warm-up and at the end, takes the longest event-loop stall after warm-up,
// and checks that every document converged (every client, a fresh reader, and the file on disk
// after a save) and that no run is left running. Default 3 minutes, `--minutes N`; smoke: 8 s.
// TANDEM_SOAK_PROFILE=1 also profiles the server over the measured window and prints its longest
// synchronous tasks and what held them (bench/lib/soakProfile.ts), keeping the .cpuprofile.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request } from '../lib/client/socket';
import { SIM_STRONG_MODEL } from '../server/models/sim/settings';
import { tempDir } from '../server/testing/fixtures';
import { TandemClient } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { treeCpuMs } from './lib/proc';
import { startTandem, TOKEN } from './lib/servers';
import { MODEL } from './lib/sim';
import {
  gcSamples,
  growthPercent,
  longestStall,
  parseSamples,
  sharedStalls,
  SOAK_TARGETS,
  stallsFrom,
  type SoakSample,
} from './lib/soakFigures';
import { ANSWER_WITHIN_MS, FastSession, newCounts, RunDelegator, Typist, type SoakCounts } from './lib/soakLoad';
import { summarize } from './lib/stats';
import { codeLines } from './lib/workload';
import { printProfile } from './lib/soakProfileReport';

const HOOK = path.join(import.meta.dirname, 'lib/soakHook.mjs');
const SECTION = 'Soak: 20 typists, 10 fast sessions, runs queued and cancelled, reconnects (issue 14)';
const DOCS = 4;
const TYPISTS = 20;
const SESSIONS = 10;
const SESSION_LINES = 40;
const RUN_FILE = 'src/run.ts';
const MB = 2 ** 20;
/** An idle process's stall this long in a second says the machine took the CPU from every process then. */
const MACHINE_STALL_MS = 50;

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
    process.kill(server.pid, 'SIGUSR2');
    ctx.log(`soak: warmed up (${warmS} s); measuring…`);
    await during(stop, (totalS - warmS) * 1000);
    process.kill(server.pid, 'SIGUSR2');
    const cores = (treeCpuMs(server.pid) - cpu0) / (Date.now() - warmAt);
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
    report(ctx, { samples, control: controlSamples, cores, warmAt, loadS, counts, docs, runs, open });
    if (profileDir) await printProfile(ctx, profileDir, SOAK_TARGETS.stallMs);
    if (!docs.ok) throw new Error(`soak: the documents did not converge: ${docs.detail}`);
    if (open > 0) throw new Error(`soak: ${open} run(s) still queued or running after the load stopped`);
  } finally {
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

type Docs = { ok: boolean; detail: string; words: number };

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

function report(
  ctx: BenchContext,
  r: {
    samples: SoakSample[];
    /** The idle control process's samples (its stalls are the machine's). */
    control: SoakSample[];
    /** Cores the server's process tree used after warm-up. */
    cores: number;
    warmAt: number;
    loadS: number;
    counts: SoakCounts;
    docs: Docs;
    runs: Record<string, number>;
    open: number;
  },
): void {
  const [warm, end] = gcSamples(r.samples);
  if (!warm || !end) throw new Error('soak: the server wrote no memory sample after a forced GC');
  const heap = growthPercent(warm.heapUsed, end.heapUsed);
  const rss = growthPercent(warm.rss, end.rss);
  const stall = longestStall(r.samples, r.warmAt);
  const warmStall = Math.max(0, ...r.samples.filter((s) => s.at < r.warmAt).map((s) => s.stallMs ?? 0));
  const c = r.counts;
  const runs = Object.entries(r.runs)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const judge = (ok: boolean) => (ctx.smoke ? null : ok);
  const finished = (r.runs.succeeded ?? 0) + (r.runs.failed ?? 0);
  const mem = (name: string, key: 'heapUsed' | 'rss', g: number) =>
    ctx.row({
      section: SECTION,
      name: `server ${name} after a full GC: after warm-up → end`,
      unit: 'MB',
      tandem: { p50: end[key] / MB },
      target: {
        text: `growth ≤ ${SOAK_TARGETS.growthPercent}% (not judged in the 8 s smoke run)`,
        met: judge(g <= SOAK_TARGETS.growthPercent),
      },
      note: `${(warm[key] / MB).toFixed(1)} → ${(end[key] / MB).toFixed(1)} MB, ${g >= 0 ? '+' : ''}${g.toFixed(1)}%`,
    });
  mem('heap used', 'heapUsed', heap);
  mem('RSS', 'rss', rss);
  const perSecond = summarize(stallsFrom(r.samples, r.warmAt));
  const floor = summarize(stallsFrom(r.control, r.warmAt));
  const over = sharedStalls(r.samples, r.control, r.warmAt, SOAK_TARGETS.stallMs, MACHINE_STALL_MS);
  ctx.row({
    section: SECTION,
    name: 'event-loop stall in the server after warm-up (p50 / p99 of the longest in each second)',
    unit: 'ms',
    tandem: { p50: perSecond.p50, p99: perSecond.p99 },
    target: {
      text: `none over ${SOAK_TARGETS.stallMs} ms (not judged in the smoke run)`,
      met: judge(stall.ms <= SOAK_TARGETS.stallMs),
    },
    note:
      `longest ${stall.ms.toFixed(0)} ms; ${perSecond.n} seconds, ${over.over} of them over ` +
      `${SOAK_TARGETS.stallMs} ms; the server used ${r.cores.toFixed(2)} cores; an idle Node process beside it ` +
      `(the machine's floor) stalled p50 ${floor.p50.toFixed(0)} / p99 ${floor.p99.toFixed(0)} / ` +
      `longest ${floor.max.toFixed(0)} ms, and ${MACHINE_STALL_MS} ms or more in ${over.shared} of the server's ` +
      `${over.over} seconds over ${SOAK_TARGETS.stallMs} ms (those the machine shared; they came ` +
      `${over.at.length ? over.at.join(', ') : '—'} s after warm-up); during warm-up the ` +
      `server's longest was ${warmStall.toFixed(0)} ms; the forced GCs' own pauses, left out: ` +
      `${stall.duringForcedGc.toFixed(0)} ms`,
  });
  ctx.row({
    section: SECTION,
    name: `documents converged and saved (${DOCS} shared, ${r.docs.words} words left in them)`,
    unit: 'documents',
    tandem: { p50: r.docs.ok ? DOCS : 0 },
    target: { text: 'every client, the server and the file on disk equal', met: r.docs.ok },
    note: r.docs.detail,
  });
  ctx.row({
    section: SECTION,
    name: 'runs left queued or running after the load',
    unit: 'runs',
    tandem: { p50: r.open },
    target: { text: '0', met: r.open === 0 },
    note: `${c.runsQueued} queued, ${c.cancelRequests} cancel requests; by status on the server, run by run: ${runs}`,
  });
  ctx.row({
    section: SECTION,
    name: `load over ${r.loadS.toFixed(0)} s`,
    unit: 'count',
    tandem: { p50: c.edits },
    note:
      `${c.edits} edits, ${c.turns} fast turns, ${c.redirects} redirects (${c.stuckTurns} turns not done in 30 s), ` +
      `${c.runsQueued} runs queued / ${r.runs.cancelled ?? 0} cancelled / ${finished} finished, ` +
      `${c.reconnects} reconnects, ${c.timeouts} requests not answered in ${ANSWER_WITHIN_MS / 1000} s; ` +
      'memory and stalls sampled in the server process (soakHook.mjs), not the load generator',
  });
}
