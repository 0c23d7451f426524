// Why: one server process carrying many people at once. 50 / 100 / 200 people each stream a fast
// edit of their own file at 1,000 tok/s from Node clients, all started together, on a fresh Tandem;
// per-token delivery lag, time to first token, the server's CPU and memory are measured.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SimRequestRecord } from '../server/models/sim/server';
import { TandemClient, type TandemTurn } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { treeCpuMs, treeRssBytes } from './lib/proc';
import { startTandem, TOKEN, type Server } from './lib/servers';
import { simTtft } from './lib/sim';
import { summarize } from './lib/stats';
import { tokenLags } from './lib/tokenLag';
import { codeLines, INSTRUCTION, workspaceFiles } from './lib/workload';
import { warmUp } from './lib/warmup';

/**
 * Enough upstream connections for every session to stream at once, so "200 concurrent sessions"
 * is what is measured (with fewer, the rest would queue for a connection instead).
 */
const MAX_CONNECTIONS = 256;
const SESSION_LINES = 120;

export async function scale(ctx: BenchContext): Promise<void> {
  const levels = ctx.smoke ? [10] : [50, 100, 200];
  const files: Record<string, string> = { ...workspaceFiles() };
  const code = codeLines(SESSION_LINES).join('\n');
  for (let i = 0; i < levels.at(-1)!; i++) files[`src/s${i}.ts`] = code;
  const server = await startTandem({
    snapshot: ctx.snapshot,
    simBaseUrl: ctx.sim.server.baseUrl,
    files,
    ui: false,
    maxConnections: MAX_CONNECTIONS,
  });
  try {
    await warmUp({ ...ctx, tandem: server, peer: null });
    for (const sessions of levels) await level(ctx, server, sessions);
  } finally {
    await server.stop();
  }
}

async function level(ctx: BenchContext, server: Server, sessions: number): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: sessions }, (_, i) => TandemClient.connect(server.url, TOKEN, `person-${i}`)),
  );
  try {
    await Promise.all(clients.map((c, i) => c.open(`src/s${i}.ts`)));
    ctx.sim.setRate(1000);
    const records = new Map<string, SimRequestRecord>();
    const onRequest = (r: SimRequestRecord) => {
      const m = /src\/s\d+\.ts/.exec(JSON.stringify(r.body));
      if (m) records.set(m[0], r);
    };
    ctx.sim.server.events.on('request', onRequest);
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(treeRssBytes(server.pid)), 100);
    const cpu0 = treeCpuMs(server.pid);
    const self0 = process.cpuUsage();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
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
    const wall = performance.now() - wall0;
    const cpu = treeCpuMs(server.pid) - cpu0;
    const self = process.cpuUsage(self0);
    loop.disable();
    const recs = turns.map((_, i) => records.get(`src/s${i}.ts`));
    if (recs.some((r) => !r)) throw new Error('a session’s model request was not seen at the simulator');
    await Promise.all(recs.map((r) => ctx.sim.closed(r!, 30_000)));
    const lags = turns.flatMap((t, i) => tokenLags(t.text(), recs[i]!.chunks, t.receipts));
    const firsts = await Promise.all(turns.map(async (t, i) => (await t.firstToken) - t.submitAt - simTtft(recs[i]!)));
    const tokens = recs.reduce((n, r) => n + r!.tokensSent, 0);
    const peak = peakConcurrency(recs as SimRequestRecord[]);
    const section = 'Scale (Tandem alone, one server process)';
    const lag = summarize(lags);
    ctx.row({
      section,
      name: `${sessions} concurrent fast sessions at 1,000 tok/s: per-token delivery`,
      unit: 'ms',
      tandem: lag,
      target: sessions >= 200 ? { text: 'p99 ≤ 50 ms', met: lag.p99 <= 50 } : undefined,
      note:
        `${peak} streams upstream at once (maxConnections ${MAX_CONNECTIONS}); ` +
        `server CPU ${Math.round((cpu * 1000) / tokens)} ms per 1,000 tokens, ${(cpu / wall).toFixed(2)} cores; ` +
        `peak RSS ${Math.round(Math.max(...rss, 0) / 2 ** 20)} MB; ` +
        `the measuring process (simulator + clients) ` +
        `used ${((self.user + self.system) / 1000 / wall).toFixed(2)} cores, ` +
        `its event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
    });
    ctx.row({
      section,
      name: `${sessions} sessions: harness-added time to first token (includes waiting for a free upstream connection)`,
      unit: 'ms',
      tandem: summarize(firsts),
    });
    await Promise.all(turns.map((t) => t.reject()));
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
