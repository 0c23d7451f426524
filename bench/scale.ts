// Why: how many people one server process carries, and what a cluster adds. 50 / 100 / 200 people
// each stream a fast edit of their own file at 1,000 tok/s from Node clients, all started
// together, against one Tandem process and against two cluster nodes with Redis (half the people
// on each), the two arms alternating at each size so both see the same machine: per-token
// delivery lag, time to first token, the servers' and Redis's CPU, and the measuring process's own.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SimRequestRecord } from '../server/models/sim/server';
import { TandemClient, type TandemTurn } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { loadAverage, startFleet, type Fleet } from './lib/fleet';
import { treeRssBytes } from './lib/proc';
import { TOKEN } from './lib/servers';
import { simTtft } from './lib/sim';
import { summarize, type Summary } from './lib/stats';
import { tokenLags } from './lib/tokenLag';
import { codeLines, INSTRUCTION } from './lib/workload';
import { warmUp } from './lib/warmup';

/**
 * Enough upstream connections for every session to stream at once, so "200 concurrent sessions"
 * is what is measured (with fewer, the rest would queue for a connection instead).
 */
export const MAX_CONNECTIONS = 256;
const SESSION_LINES = 120;
const SECTION = 'Scale: one process vs two cluster nodes (+ Redis), 1,000 tok/s per session';

/** The workspace of `sessions` people: the bench's files and one file of its own for each. */
export function sessionFiles(ctx: BenchContext, sessions: number): Record<string, string> {
  const files: Record<string, string> = { ...ctx.files };
  const code = codeLines(SESSION_LINES).join('\n');
  for (let i = 0; i < sessions; i++) files[`src/s${i}.ts`] = code;
  return files;
}

export async function scale(ctx: BenchContext): Promise<void> {
  const levels = ctx.smoke ? [10] : [50, 100, 200];
  const files = sessionFiles(ctx, levels.at(-1)!);
  const started = await Promise.allSettled([1, 2].map((count) => startFleet(ctx, count, files, MAX_CONNECTIONS)));
  const fleets = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    ctx.log('scale: one process and two cluster nodes started; warming them up…');
    await Promise.all(fleets.flatMap((f) => f.nodes.map((n) => warmUp({ ...ctx, tandem: n, peer: null }))));
    for (const sessions of levels) {
      for (const fleet of fleets) {
        ctx.log(`scale: ${sessions} sessions, ${fleet.name}…`);
        await level(ctx, fleet, sessions);
      }
    }
  } finally {
    await Promise.all(fleets.map((f) => f.stop()));
  }
}

export type Measured = {
  lags: Summary;
  firsts: Summary;
  tokens: number;
  /** Writes the simulator made (a write carries every token due when it runs). */
  writes: number;
  wallMs: number;
  cpu: { nodes: number; redis: number };
  benchCores: number;
  benchLoopP99: number;
  peakRss: number;
  peak: number;
  load: string;
};

async function level(ctx: BenchContext, fleet: Fleet, sessions: number): Promise<void> {
  const m = await measure(ctx, fleet, sessions);
  const arm = `${sessions} sessions, ${fleet.name}`;
  const clustered = fleet.nodes.length > 1;
  const perThousand = (ms: number) => (ms * 1000) / m.tokens;
  const cores = (ms: number) => (ms / m.wallMs).toFixed(2);
  ctx.row({
    section: SECTION,
    name: `${arm}: per-token delivery`,
    unit: 'ms',
    tandem: m.lags,
    target: sessions >= 200 && clustered ? { text: 'p99 ≤ 50 ms with 2 nodes', met: m.lags.p99 <= 50 } : undefined,
    note:
      `${m.peak} streams upstream at once; load average ${m.load}; the measuring process (simulator + ` +
      `${sessions} clients) used ${m.benchCores.toFixed(2)} cores, its event loop delay p99 ` +
      `${m.benchLoopP99.toFixed(0)} ms (above a few ms, its own lateness is part of these figures)`,
  });
  ctx.row({
    section: SECTION,
    name: `${arm}: harness-added time to first token (all sessions submitted at once)`,
    unit: 'ms',
    tandem: m.firsts,
  });
  ctx.row({
    section: SECTION,
    name: `${arm}: server CPU per 1,000 tokens${clustered ? ' (both nodes)' : ''}`,
    unit: 'ms',
    tandem: { p50: perThousand(m.cpu.nodes) },
    note:
      `${cores(m.cpu.nodes)} cores over the run; peak RSS ${Math.round(m.peakRss / 2 ** 20)} MB; ` +
      `${(m.tokens / m.writes).toFixed(1)} tokens per simulator write (more when the machine is behind, ` +
      'and the cost per token falls as they grow)',
  });
  if (clustered)
    ctx.row({
      section: SECTION,
      name: `${arm}: Redis CPU per 1,000 tokens`,
      unit: 'ms',
      tandem: { p50: perThousand(m.cpu.redis) },
      note:
        `${cores(m.cpu.redis)} cores (appendfsync always; each person has a file of their own, so a delta ` +
        'goes to the other node only while that node may not know it: nobody there has the file open)',
    });
}

/**
 * Every session streams once, all started together; clients alternate between the fleet's nodes.
 * `window` hears when the measured part starts and ends (bench/profile.ts profiles it).
 */
export async function measure(
  ctx: BenchContext,
  fleet: Fleet,
  sessions: number,
  window?: { start(): void; end(): void },
): Promise<Measured> {
  const clients = await Promise.all(
    Array.from({ length: sessions }, (_, i) =>
      TandemClient.connect(fleet.nodes[i % fleet.nodes.length]!.url, TOKEN, `person-${i}`),
    ),
  );
  try {
    await Promise.all(clients.map((c, i) => c.open(`src/s${i}.ts`)));
    ctx.sim.setRate(1000);
    const records = new Map<string, SimRequestRecord>();
    const onRequest = (r: SimRequestRecord) => {
      const match = /src\/s\d+\.ts/.exec(JSON.stringify(r.body));
      if (match) records.set(match[0], r);
    };
    ctx.sim.server.events.on('request', onRequest);
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(fleet.nodes.reduce((n, s) => n + treeRssBytes(s.pid), 0)), 100);
    const cpu0 = fleet.cpu();
    const self0 = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    window?.start();
    const wall0 = performance.now();
    let turns: TandemTurn[];
    try {
      turns = await Promise.all(
        clients.map((c, i) => c.start(`src/s${i}.ts`, { startLine: 1, endLine: SESSION_LINES }, INSTRUCTION)),
      );
      await Promise.all(turns.map((t) => t.finished));
    } finally {
      clearInterval(sampler);
      ctx.sim.server.events.off('request', onRequest);
    }
    const wallMs = performance.now() - wall0;
    window?.end();
    const cpu1 = fleet.cpu();
    const self = process.cpuUsage(self0);
    loop.disable();
    const load = loadAverage();
    const recs = turns.map((_, i) => records.get(`src/s${i}.ts`));
    if (recs.some((r) => !r)) throw new Error('a session’s model request was not seen at the simulator');
    await Promise.all(recs.map((r) => ctx.sim.closed(r!, 30_000)));
    const lags = turns.flatMap((t, i) => tokenLags(t.text(), recs[i]!.chunks, t.receipts));
    const firsts = await Promise.all(turns.map(async (t, i) => (await t.firstToken) - t.submitAt - simTtft(recs[i]!)));
    await Promise.all(turns.map((t) => t.reject()));
    return {
      lags: summarize(lags),
      firsts: summarize(firsts),
      tokens: recs.reduce((n, r) => n + r!.tokensSent, 0),
      writes: recs.reduce((n, r) => n + r!.chunks.length, 0),
      wallMs,
      cpu: { nodes: cpu1.nodes - cpu0.nodes, redis: cpu1.redis - cpu0.redis },
      benchCores: (self.user + self.system) / 1000 / wallMs,
      benchLoopP99: loop.percentile(99) / 1e6,
      peakRss: Math.max(...rss, 0),
      peak: peakConcurrency(recs as SimRequestRecord[]),
      load,
    };
  } finally {
    for (const c of clients) c.close();
    await pause(200);
  }
}

function peakConcurrency(records: SimRequestRecord[]): number {
  const events = records.flatMap((r) => [
    [r.arrivedAt, 1],
    [r.closedAt ?? Infinity, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let peak = 0;
  for (const [, d] of events) peak = Math.max(peak, (now += d!));
  return peak;
}
