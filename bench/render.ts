// Why: delivery is worth nothing if the page cannot keep up. Each app streams a rewrite of a
// 500-line file at 1,000 and 10,000 tok/s in Chromium while the page probe records frame times,
// long tasks (> 50 ms, PerformanceObserver) and, per piece of answer received, the wait until a
// frame showed it. Both pages are warmed first; only the page being measured runs its frame loop.
import type { Page } from '@playwright/test';
import {
  openPeerPage,
  openTandemPage,
  waitForLanguageService,
  readProbe,
  receivedToPainted,
  resetProbe,
  waitForProbe,
  type Probe,
} from './lib/browser';
import { pause, type BenchContext } from './lib/context';
import { peerPrepare, press, tandemAsk, tandemDiscard } from './lib/drive';
import { summarize, type Summary } from './lib/stats';
import { FILES, INSTRUCTION, peerPrompt, RENDER_LINES } from './lib/workload';

type Health = { frames: number[]; longTasks: number[]; lags: number[] };

export async function render(ctx: BenchContext): Promise<void> {
  const browser = ctx.browser!;
  const range = { startLine: 1, endLine: RENDER_LINES };
  const prompt = peerPrompt(ctx.files[FILES.render]!, FILES.render, range, INSTRUCTION);
  const pages: Record<'tandem' | 'peer', Page | null> = {
    tandem: await openTandemPage(browser, ctx.tandem.url, FILES.render),
    peer: ctx.peer ? await openPeerPage(browser, ctx.peer.url) : null,
  };
  await waitForLanguageService(pages.tandem!);
  const stream = async (who: 'tandem' | 'peer', rate: number): Promise<Health> => {
    const page = pages[who]!;
    ctx.sim.setRate(rate);
    await resetProbe(page);
    if (who === 'tandem') await tandemAsk(page, INSTRUCTION);
    else await peerPrepare(page, prompt, true);
    await pause(300);
    const arrived = ctx.sim.nextChat();
    await press(page, 'Enter');
    await ctx.sim.closed(await arrived, 60_000);
    // A page that falls behind the stream reads the rest after the model is done: wait for its end.
    await waitForProbe(page, 'the end of the answer', 'b.endAt !== null', 60_000);
    await pause(500);
    const probe = await readProbe(page);
    if (who === 'tandem') await tandemDiscard(page);
    return health(probe);
  };
  const runs = ctx.smoke ? 1 : 2;
  try {
    // A fresh page runs cold (Monaco and the app compile and lay out for the first time): warm both.
    for (let i = 0; i < 2; i++)
      for (const who of ['tandem', 'peer'] as const) if (pages[who]) await stream(who, 10_000);
    for (const rate of [1000, 10_000]) {
      const got: { tandem: Health[]; peer: Health[] } = { tandem: [], peer: [] };
      for (let run = 0; run < runs; run++) {
        got.tandem.push(await stream('tandem', rate));
        if (ctx.peer) got.peer.push(await stream('peer', rate));
      }
      report(ctx, rate, { tandem: merge(got.tandem), peer: ctx.peer ? merge(got.peer) : null }, runs);
    }
  } finally {
    await Promise.all(Object.values(pages).map(async (p) => p?.context().close()));
  }
}

/** Frame intervals, long-task durations and received → painted waits from Enter to the last receipt. */
function health(probe: Probe): Health {
  const start = probe.keys.find(([k]) => k === 'Enter')?.[1];
  const end = probe.recv.at(-1)?.[0];
  if (start === undefined || end === undefined) throw new Error('the page received no answer');
  const frames = probe.frames.filter((t) => t >= start && t <= end + 50);
  return {
    frames: frames.slice(1).map((t, i) => t - frames[i]!),
    longTasks: probe.longTasks.filter(([t, d]) => t + d >= start && t <= end + 50).map(([, d]) => d),
    lags: receivedToPainted(probe, start),
  };
}

const merge = (list: Health[]): Health => ({
  frames: list.flatMap((h) => h.frames),
  longTasks: list.flatMap((h) => h.longTasks),
  lags: list.flatMap((h) => h.lags),
});

function report(ctx: BenchContext, rate: number, got: { tandem: Health; peer: Health | null }, runs: number): void {
  const streams = runs > 1 ? `, ${runs} streams` : '';
  const label = `${rate.toLocaleString('en-US')} tok/s, ${RENDER_LINES}-line file${streams}`;
  const section = 'Render health (Chromium)';
  const fig = (h: Health | null, k: keyof Health): Summary | null =>
    h && h[k].length ? summarize(h[k]) : h ? { n: 0, p50: 0, p99: 0, mean: 0, max: 0 } : null;
  ctx.row({
    section,
    name: `frame time at ${label}`,
    unit: 'ms',
    tandem: fig(got.tandem, 'frames')!,
    peer: fig(got.peer, 'frames'),
  });
  const long = (h: Health) => ({ p50: h.longTasks.length, p99: h.longTasks.length ? Math.max(...h.longTasks) : 0 });
  ctx.row({
    section,
    name: `long tasks (> 50 ms) at ${label}: count in the p50 column, longest in the p99 column`,
    unit: 'count / ms',
    tandem: long(got.tandem),
    peer: got.peer ? long(got.peer) : null,
    target:
      rate >= 10_000 ? { text: 'none > 50 ms at 10,000 tok/s', met: got.tandem.longTasks.length === 0 } : undefined,
  });
  ctx.row({
    section,
    name: `received → painted at ${label}`,
    unit: 'ms',
    tandem: fig(got.tandem, 'lags')!,
    peer: fig(got.peer, 'lags'),
  });
}
