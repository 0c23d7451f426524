// Why: after the first token, latency is per token: the simulated model writes a chunk → the client
// holds it. Measured token by token (lib/tokenLag) at 1,000 / 5,000 / 10,000 tok/s with the server's
// CPU time per 1,000 tokens read from /proc, then a climbing ladder of rates finds the highest each
// app sustains on one stream without its lag growing.
import { directTurn, peerTurn, TandemClient, type ClientTurn, type TandemTurn } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { treeCpuMs } from './lib/proc';
import { TOKEN } from './lib/servers';
import { grows, summarize } from './lib/stats';
import type { Row } from './lib/table';
import { tokenLags } from './lib/tokenLag';
import { FILES, INSTRUCTION, linesForTokens, peerPrompt } from './lib/workload';

type Who = 'tandem' | 'peer' | 'peer-identity' | 'direct';
type Sample = { lags: number[]; cpuPer1k: number; achieved: number; simRate: number };

const LADDER = [1000, 2000, 5000, 10_000, 20_000, 40_000, 80_000];
/** Lag growth (ms, last quarter's p50 over the first's) that counts as falling behind… */
const SLACK_MS = 5;
/** …and a p50 lag above which a stream is behind from the start. */
const BEHIND_MS = 10;

export async function delivery(ctx: BenchContext): Promise<void> {
  const client = await TandemClient.connect(ctx.tandem.url, TOKEN, 'bench-delivery');
  try {
    await client.open(FILES.large);
    const stream = (who: Who, rate: number, tokens: number) => measure(ctx, client, who, rate, tokens);
    await rates(ctx, stream);
    await ladder(ctx, stream);
  } finally {
    client.close();
  }
}

async function measure(
  ctx: BenchContext,
  client: TandemClient,
  who: Who,
  rate: number,
  tokens: number,
): Promise<Sample> {
  const range = { startLine: 1, endLine: linesForTokens(tokens) };
  ctx.sim.setRate(rate);
  const arrived = ctx.sim.nextChat();
  const server = who === 'tandem' ? ctx.tandem : who === 'direct' ? null : ctx.peer!;
  const cpuNow = () => (server ? treeCpuMs(server.pid) : 0);
  const cpu0 = cpuNow();
  const prompt = () => peerPrompt(ctx.files[FILES.large]!, FILES.large, range, INSTRUCTION);
  const turn: ClientTurn & Partial<TandemTurn> =
    who === 'tandem'
      ? await client.start(FILES.large, range, INSTRUCTION)
      : who === 'direct'
        ? directTurn(ctx.sim.server.baseUrl, prompt())
        : peerTurn(ctx.peer!.url, prompt(), { gzip: who === 'peer' });
  const record = await arrived;
  await turn.finished;
  await ctx.sim.closed(record, 60_000);
  const cpu = cpuNow() - cpu0;
  await turn.reject?.();
  const lags = tokenLags(turn.text(), record.chunks, turn.receipts);
  const r = turn.receipts;
  const chunks = record.chunks.filter((c) => c.tokens > 0);
  await pause(50);
  return {
    lags,
    cpuPer1k: (cpu * 1000) / record.tokensSent,
    achieved: ((record.tokensSent - 1) * 1000) / (r.at(-1)!.at - r[0]!.at),
    simRate: ((record.tokensSent - 1) * 1000) / (chunks.at(-1)!.at - chunks[0]!.at),
  };
}

async function rates(
  ctx: BenchContext,
  stream: (who: Who, rate: number, tokens: number) => Promise<Sample>,
): Promise<void> {
  const list = ctx.smoke ? [1000, 10_000] : [1000, 5000, 10_000];
  const runs = ctx.smoke ? 1 : 2;
  for (const rate of list) {
    const tokens = ctx.smoke ? Math.min(rate, 2000) : Math.min(Math.round(rate * 1.5), 15_000);
    const got: Record<Who, Sample[]> = { tandem: [], peer: [], 'peer-identity': [], direct: [] };
    for (let run = 0; run < runs; run++) {
      got.tandem.push(await stream('tandem', rate, tokens));
      if (ctx.peer) got.peer.push(await stream('peer', rate, tokens));
    }
    if (ctx.peer && rate !== 5000) got['peer-identity'].push(await stream('peer-identity', rate, tokens));
    got.direct.push(await stream('direct', rate, tokens));
    const lags = (w: Who) => (got[w].length ? summarize(got[w].flatMap((s) => s.lags)) : null);
    const cpu = (w: Who) => (got[w].length ? summarize(got[w].map((s) => s.cpuPer1k)) : null);
    const label = `${rate.toLocaleString('en-US')} tok/s`;
    const tandemLag = lags('tandem')!;
    ctx.row({
      section: 'Delivery',
      name: `per-token delivery at ${label} (sim wrote the chunk → Node client held the token)`,
      unit: 'ms',
      tandem: tandemLag,
      peer: ctx.peer ? lags('peer') : null,
      target: { text: 'p50 ≤ 0.3 ms', met: tandemLag.p50 <= 0.3 },
      note:
        `floor (a client reading the simulator directly): p50 ${lags('direct')!.p50.toFixed(2)} ms, ` +
        `p99 ${lags('direct')!.p99.toFixed(2)} ms`,
    });
    const tandemCpu = cpu('tandem')!;
    const peerCpu = cpu('peer');
    const identity = cpu('peer-identity');
    const row: Row = {
      section: 'Server CPU',
      name: `server CPU time per 1,000 tokens delivered at ${label} (whole server process, /proc)`,
      unit: 'ms',
      tandem: tandemCpu,
      peer: ctx.peer ? peerCpu : null,
      target: { text: '≤ 0.25× peer', met: peerCpu ? tandemCpu.p50 <= 0.25 * peerCpu.p50 : null },
    };
    if (identity) row.note = `peer without gzip (a client that does not accept it): ${identity.p50.toFixed(0)} ms`;
    ctx.row(row);
  }
}

async function ladder(
  ctx: BenchContext,
  stream: (who: Who, rate: number, tokens: number) => Promise<Sample>,
): Promise<void> {
  const rungs = ctx.smoke ? [10_000, 20_000] : LADDER;
  const best: Record<'tandem' | 'peer', number> = { tandem: 0, peer: 0 };
  const climbing = { tandem: true, peer: !!ctx.peer };
  let simTop: number | null = null;
  for (const rate of rungs) {
    for (const who of ['tandem', 'peer'] as const) {
      if (!climbing[who]) continue;
      const tokens = ctx.smoke ? 4000 : Math.min(Math.max(rate, 3000), 16_000);
      const s = await stream(who, rate, tokens);
      if (s.simRate < 0.9 * rate) {
        simTop = Math.round(s.simRate);
        climbing.tandem = climbing.peer = false;
        break;
      }
      const held = s.achieved >= 0.9 * rate && !grows(s.lags, SLACK_MS) && summarize(s.lags).p50 <= BEHIND_MS;
      ctx.log(
        `  ${who} at ${rate} tok/s: ${held ? 'held' : 'fell behind'} ` +
          `(received at ${Math.round(s.achieved)} tok/s, lag p50 ${summarize(s.lags).p50.toFixed(2)} ms)`,
      );
      if (held) best[who] = rate;
      else climbing[who] = false;
    }
  }
  const top = rungs.at(-1)!;
  ctx.row({
    section: 'Delivery',
    name:
      `highest rate sustained on one stream, ladder ${rungs.map((r) => r / 1000 + 'k').join('/')} tok/s ` +
      `(received at ≥ 90 % of the rate, lag p50 ≤ ${BEHIND_MS} ms and not growing by > ${SLACK_MS} ms)`,
    unit: 'tok/s',
    tandem: { p50: best.tandem },
    peer: ctx.peer ? { p50: best.peer } : null,
    target: { text: '≥ 20,000 tok/s', met: best.tandem >= 20_000 },
    note:
      `${best.tandem === top ? 'Tandem held the top of the ladder' : ''}` +
        `${simTop !== null ? `; the simulator itself topped out at ${simTop} tok/s` : ''}` || undefined,
  });
}
