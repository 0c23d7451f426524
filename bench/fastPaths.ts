// Why: issue 11's provider fast paths, each against today's path in the same run on the same
// simulated model: a redirect as a native `response.steer` vs abort-and-restart; an agent run of
// ~20 tool calls chained with previous_response_id over a WebSocket vs full history over HTTP, with
// parallel tool calls and one call per turn (lib/agentLoops.ts);
// a 200-line rewrite with a one-line change with and without Predicted Outputs; and first token
// and per-token delivery with the fast lane on Responses over WebSocket vs chat over SSE. Each
// setting runs in its own Tandem child (lib/fastArms.ts); the agent loop runs in this process.
import { request } from '../lib/client/socket';
import { RESTART_MARKER } from '../server/models/formats/editRequest';
import type { SimRequestRecord } from '../server/models/sim/server';
import { CHARS_PER_TOKEN } from '../server/models/sim/tokenize';
import { waitFor } from '../server/testing/fixtures';
import { agentLoops, ms } from './lib/agentLoops';
import { pause, type BenchContext } from './lib/context';
import {
  CHAT_HTTP,
  inTurn,
  nextFastRequest,
  RESPONSES_HTTP,
  RESPONSES_WS,
  stateOf,
  turnIdSince,
  withArms,
  type Arm,
  type LaneEnv,
} from './lib/fastArms';
import { MODEL, simTtft } from './lib/sim';
import { percentile, summarize, type Summary } from './lib/stats';
import { tokenLags, tokenSendTimes } from './lib/tokenLag';
import { CORRECTION, FILES, INSTRUCTION, linesForTokens, TURN_INSTRUCTION, TURN_LINES } from './lib/workload';

const SECTION = 'Provider fast paths';
/** The redirected turn's first response stalls after this many tokens, so the redirect lands mid-stream. */
const HELD_TOKENS = 30;
const RATE = 1000;
const p95 = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    95,
  );

export async function fastPaths(ctx: BenchContext): Promise<void> {
  ctx.sim.setRate(RATE);
  await redirects(ctx);
  await agentLoops(ctx, SECTION, RATE);
  await predictionAndDelivery(ctx);
}

type RedirectSample = { raw: number; added: number; prefill: number; steered: boolean; via: string };

async function redirects(ctx: BenchContext): Promise<void> {
  const runs = ctx.smoke ? 2 : 10;
  const held = { TANDEM_FAST_MODEL: `${MODEL}+stall:${HELD_TOKENS}` };
  const envs = { steer: { ...RESPONSES_WS, ...held }, restart: { ...CHAT_HTTP, ...held } };
  const got: Record<'steer' | 'restart', RedirectSample[]> = { steer: [], restart: [] };
  await withArms(ctx, envs, async (arms) => {
    for (let run = -1; run < runs; run++)
      for (const who of inTurn(['steer', 'restart'] as const, run)) {
        const sample = await redirectOnce(ctx, arms[who]);
        if (run >= 0) got[who].push(sample);
      }
  });
  const raw = (w: keyof typeof got) => summarize(got[w].map((s) => s.raw));
  const added = (w: keyof typeof got) => summarize(got[w].map((s) => s.added));
  const steers = got.steer.filter((s) => s.steered && s.via === 'steer').length;
  const allSteered = steers === got.steer.length;
  const vs = (f: (w: keyof typeof got) => Summary, w: keyof typeof got) =>
    `${ms(f(w))}, p95 ${p95(got[w].map((s) => (f === raw ? s.raw : s.added))).toFixed(2)} ms`;
  for (const [what, f] of [
    ['Enter on a correction → first new token at a Node client', raw],
    [
      'the same, harness-added (less the model’s own time: from the steer’s successor or the new request ' +
        'reaching the simulator to its sending the first character that differs from the ghost, in both arms)',
      added,
    ],
  ] as const) {
    const steer = f('steer');
    const restart = f('restart');
    ctx.row({
      section: SECTION,
      name: `redirect: ${what}; fast lane on Responses over WebSocket (native response.steer)`,
      unit: 'ms',
      tandem: steer,
      target: { text: '≤ 0.5× abort-and-restart', met: allSteered && steer.p50 <= 0.5 * restart.p50 },
      note:
        `steer ${vs(f, 'steer')}; abort-and-restart (chat over HTTP, same run, alternating) ${vs(f, 'restart')}; ` +
        `${steers} of ${got.steer.length} redirects were a response.steer at the simulator`,
    });
  }
  const prefill = (w: keyof typeof got) => summarize(got[w].map((s) => s.prefill));
  ctx.row({
    section: SECTION,
    name: 'redirect: input tokens the model prefilled to answer the correction (simulator records)',
    unit: 'tokens',
    tandem: prefill('steer'),
    note:
      `steer: the successor prefilled only the correction (p50 ${prefill('steer').p50}); ` +
      `abort-and-restart prefilled the prompt again with the partial (p50 ${prefill('restart').p50})`,
  });
}

/** A turn held mid-stream by the simulator, redirected: Enter → the first token of the new answer. */
async function redirectOnce(ctx: BenchContext, arm: Arm): Promise<RedirectSample> {
  const sim = ctx.sim.server;
  const arrived = nextFastRequest(sim);
  const since = performance.now();
  const turn = await arm.client.start(FILES.turn, { startLine: 1, endLine: TURN_LINES }, TURN_INSTRUCTION);
  const first = await arrived;
  await turn.firstToken;
  await waitFor(() => first.tokensSent >= HELD_TOKENS, 5000, 'the held stream to stall');
  await pause(50);
  const requestId = turnIdSince(arm.received, since);
  const next = nextFastRequest(sim);
  const redirectAt = performance.now();
  await request(arm.client.socket, 'fast/redirect', {
    requestId,
    instruction: CORRECTION,
    keptLength: turn.text().length,
  });
  const keptLength = turn.text().length;
  const successor = await next;
  let firstNew: (typeof arm.received.deltas)[number] | undefined;
  await waitFor(
    () =>
      (firstNew = arm.received.deltas.find((d) => d.requestId === requestId && d.at > redirectAt && d.text)) !==
      undefined,
    10_000,
    'the first token of the redirected answer',
  );
  const via = arm.received.states.findLast((e) => e.requestId === requestId)?.metrics.redirectVia ?? 'none';
  await turn.reject();
  await Promise.all([ctx.sim.closed(first), ctx.sim.closed(successor)]);
  await pause(30);
  const raw = firstNew!.at - redirectAt;
  return {
    raw,
    added: raw - modelMsToFirstNewText(successor, firstNew!.from, keptLength),
    prefill: successor.prefillTokens,
    steered: successor.successorOf !== null,
    via,
  };
}

/**
 * The model's own time to the first character that differs from the ghost on screen: from the new
 * request (or the steer's successor) reaching the simulator to the simulator sending the token that
 * holds it. A rewrite that starts over (`<restart/>`) repeats what is shown before it differs; those
 * tokens are the model's time, not Tandem's. A first delta at the kept length may be a continuation,
 * so it is counted from the answer's first token (the smaller model time: the harness's larger share).
 */
function modelMsToFirstNewText(answer: SimRequestRecord, from: number, keptLength: number): number {
  const rawIndex = from < keptLength ? RESTART_MARKER.length + 1 + from : 0;
  const sent = tokenSendTimes(answer.chunks)[Math.floor(rawIndex / CHARS_PER_TOKEN)];
  if (sent === undefined) throw new Error(`the simulator never sent character ${rawIndex} of request ${answer.id}`);
  return sent - answer.arrivedAt;
}

async function predictionAndDelivery(ctx: BenchContext): Promise<void> {
  const delivery: Record<string, LaneEnv> = { websocket: RESPONSES_WS, sse: CHAT_HTTP };
  if (!ctx.smoke) delivery.responsesHttp = RESPONSES_HTTP;
  const envs: Record<string, LaneEnv> = { ...delivery, predict: { ...CHAT_HTTP, TANDEM_FAST_PREDICTION: 'on' } };
  await withArms(ctx, envs, async (arms) => {
    await predictions(ctx, arms.predict!, arms.sse!);
    await deliveries(ctx, Object.fromEntries(Object.keys(delivery).map((k) => [k, arms[k]!])));
  });
}

/** Rewrite of 200 lines where one line changes: submit → done, with and without Predicted Outputs. */
async function predictions(ctx: BenchContext, on: Arm, off: Arm): Promise<void> {
  const runs = ctx.smoke ? 1 : 5;
  const range = { startLine: 1, endLine: 200 };
  const got: Record<'on' | 'off', { ms: number; accepted: number; rejected: number }[]> = { on: [], off: [] };
  for (let run = -1; run < runs; run++)
    for (const who of inTurn(['on', 'off'] as const, run)) {
      const arm = who === 'on' ? on : off;
      const since = performance.now();
      const arrived = nextFastRequest(ctx.sim.server);
      const turn = await arm.client.start(FILES.large, range, 'rename step7 to stage7');
      const record = await arrived;
      await turn.finished;
      const done = stateOf(arm.received, turnIdSince(arm.received, since), 'done');
      await ctx.sim.closed(record);
      await turn.reject();
      if (run < 0) continue;
      const m = done.metrics;
      got[who].push({
        ms: done.at - turn.submitAt,
        accepted: m.predictionAcceptedTokens ?? 0,
        rejected: m.predictionRejectedTokens ?? 0,
      });
    }
  const withP = summarize(got.on.map((s) => s.ms));
  const without = summarize(got.off.map((s) => s.ms));
  const s = got.on[0]!;
  ctx.row({
    section: SECTION,
    name:
      `rewrite of a 200-line selection with a one-line change at ${RATE} tok/s, submit → done, Node client: ` +
      'with Predicted Outputs (chat over HTTP)',
    unit: 'ms',
    tandem: withP,
    note:
      `without (chat over HTTP, prediction off) ${ms(without)}: ${(without.p50 / withP.p50).toFixed(2)}× faster; ` +
      `the turn's figures: ${s.accepted} predicted tokens accepted, ${s.rejected} rejected; ` +
      `the simulator produces accepted tokens ${ctx.sim.server.profiles[MODEL]!.predictionSpeedup}× faster`,
  });
}

type DeliverySample = { added: number; lags: number[] };

/** First token (harness-added) and per-token lag through Tandem, one stream per arm in turn. */
async function deliveries(ctx: BenchContext, arms: Record<string, Arm>): Promise<void> {
  const names = Object.keys(arms);
  for (const rate of ctx.smoke ? [RATE] : [RATE, 5000]) {
    ctx.sim.setRate(rate);
    const tokens = ctx.smoke ? 500 : Math.min(rate * 1.5, 5000);
    const got: Record<string, DeliverySample[]> = {};
    for (let run = -1; run < (ctx.smoke ? 1 : 5); run++)
      for (const name of inTurn(names, run)) {
        const sample = await stream(ctx, arms[name]!, tokens);
        if (run >= 0) (got[name] ??= []).push(sample);
      }
    const label = `${rate.toLocaleString('en-US')} tok/s`;
    const others = (f: (w: string) => Summary) =>
      names
        .filter((n) => n !== 'websocket')
        .map((n) => `${n === 'sse' ? 'chat over HTTP (SSE)' : 'Responses over HTTP (SSE)'} ${ms(f(n))}`)
        .join('; ');
    const added = (w: string) => summarize(got[w]!.map((s) => s.added));
    const lags = (w: string) => summarize(got[w]!.flatMap((s) => s.lags));
    if (rate === RATE)
      ctx.row({
        section: SECTION,
        name: `harness-added time to first token at ${label}, Node client: fast lane on Responses over WebSocket`,
        unit: 'ms',
        tandem: added('websocket'),
        note: others(added),
      });
    ctx.row({
      section: SECTION,
      name:
        `per-token delivery at ${label} (sim wrote the chunk → Node client held the token): ` +
        'Responses over WebSocket',
      unit: 'ms',
      tandem: lags('websocket'),
      note: others(lags),
    });
  }
  ctx.sim.setRate(RATE);
}

async function stream(ctx: BenchContext, arm: Arm, tokens: number): Promise<DeliverySample> {
  const arrived = nextFastRequest(ctx.sim.server);
  const turn = await arm.client.start(FILES.large, { startLine: 1, endLine: linesForTokens(tokens) }, INSTRUCTION);
  const record: SimRequestRecord = await arrived;
  await turn.finished;
  await ctx.sim.closed(record, 60_000);
  await turn.reject();
  await pause(30);
  return {
    added: (await turn.firstToken) - turn.submitAt - simTtft(record),
    lags: tokenLags(turn.text(), record.chunks, turn.receipts),
  };
}
