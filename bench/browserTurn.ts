// Why: what a person sees in Chromium. Per turn, in each app: Enter → first answer received and →
// first answer painted (less the simulator's own TTFT: what the app adds), Esc → the last paint
// (nothing should land after the next frame), then a redirect: Enter on a correction → its first
// new token painted. Times come from the page probe (pageProbe.js), in the page's own clock.
// Beside the warm turns, the first turn of a freshly loaded page (lib/firstTurn.ts). The model
// streams at 200 tok/s, so a busy page still presses Esc before the answer ends (at 1,000 tok/s a
// loaded machine let it end first, and Esc then discarded the ghost instead of stopping it); a
// turn whose Esc still lands after the end is taken again, and counted in the interrupt row.
import type { Page } from '@playwright/test';
import {
  keyAt,
  openPeerPage,
  openTandemPage,
  readProbe,
  resetProbe,
  waitForLanguageService,
  waitForProbe,
  type Probe,
} from './lib/browser';
import { alternate, pause, type BenchContext } from './lib/context';
import { peerOutput, peerPrepare, press, tandemAsk, tandemDiscard } from './lib/drive';
import { firstTurnSample, modelLegs, type FirstTurn, type ModelLegs } from './lib/firstTurn';
import { simTtft } from './lib/sim';
import { summarize } from './lib/stats';
import type { SimRequestRecord } from '../server/models/sim/server';
import { CORRECTION, FILES, peerPrompt, TURN_INSTRUCTION, TURN_LINES } from './lib/workload';

/** A first turn within one frame of a warm one (issue 16). */
const FRAME_MS = 16.7;
const TURN_RATE = 200;

type Sample = ModelLegs & {
  sent: number;
  ttft: number;
  paint: number;
  addedPaint: number;
  receivedToPaint: number;
  stopToLastPaint: number;
  framesAfterStop: number;
  redirect: number;
  addedRedirect: number;
};

export async function browserTurns(ctx: BenchContext): Promise<void> {
  const browser = ctx.browser!;
  const runs = ctx.smoke ? 2 : 6;
  const warmup = 2;
  ctx.sim.setRate(TURN_RATE);
  const firstTurns: Record<'tandem' | 'peer', FirstTurn[]> = { tandem: [], peer: [] };
  await alternate(
    ctx,
    ctx.smoke ? 2 : 7,
    async (who) => void firstTurns[who].push(await firstTurnSample(ctx, browser, who)),
  );
  const pages: Record<'tandem' | 'peer', Page | null> = {
    tandem: await openTandemPage(browser, ctx.tandem.url, FILES.turn),
    peer: ctx.peer ? await openPeerPage(browser, ctx.peer.url) : null,
  };
  await waitForLanguageService(pages.tandem!);
  const samples: Record<'tandem' | 'peer', Sample[]> = { tandem: [], peer: [] };
  const late = { tandem: 0, peer: 0 };
  try {
    await alternate(ctx, runs + warmup, async (who, run) => {
      let sample: Sample | null;
      const page = pages[who]!;
      while (!(sample = await turn(ctx, who, page))) {
        // A busy page pressed Esc after the answer had ended: that measured no interrupt. Again.
        if (++late[who] > runs)
          throw new Error(
            `${who}: Esc landed after the end of the answer ${late[who]} times: ` +
              `the page is too slow for ${TURN_RATE} tok/s`,
          );
      }
      if (run >= warmup) samples[who].push(sample);
    });
  } finally {
    await Promise.all(Object.values(pages).map(async (p) => p?.context().close()));
  }
  report(ctx, samples, firstTurns, late);
}

/** One turn: ask, Esc once the answer shows, redirect. Null when Esc came after the answer ended. */
async function turn(ctx: BenchContext, who: 'tandem' | 'peer', page: Page): Promise<Sample | null> {
  const range = { startLine: 1, endLine: TURN_LINES };
  const file = ctx.files[FILES.turn]!;
  const origin = await page.evaluate(() => performance.timeOrigin);
  await resetProbe(page);
  if (who === 'tandem') await tandemAsk(page, TURN_INSTRUCTION);
  else await peerPrepare(page, peerPrompt(file, FILES.turn, range, TURN_INSTRUCTION), true);
  const first = await submit(ctx, page);
  await waitForProbe(page, 'the first paint of the answer', 'b.firstContentAt !== null');
  await pause(100);
  await press(page, 'Escape');
  await ctx.sim.closed(first);
  const stopped = await readProbe(page);
  if (stopped.endAt !== null && stopped.endAt < keyAt(stopped, 'Escape', 0)) {
    if (who === 'tandem') await tandemDiscard(page);
    return null;
  }
  await pause(250);
  if (who === 'tandem') await page.getByTestId('instruction-input').fill(CORRECTION);
  else
    await peerPrepare(
      page,
      peerPrompt(file, FILES.turn, range, TURN_INSTRUCTION, {
        partial: await peerOutput(page),
        correction: CORRECTION,
      }),
      false,
    );
  const second = await submit(ctx, page);
  await ctx.sim.closed(second, 30_000);
  await pause(250);
  const probe = await readProbe(page);
  if (who === 'tandem') await tandemDiscard(page);
  return measure(probe, origin, first, second);
}

/** Enter, after the pause a person takes between typing and sending (Tandem routes while one types). */
async function submit(ctx: BenchContext, page: Page): Promise<SimRequestRecord> {
  await pause(300);
  const arrived = ctx.sim.nextChat();
  await press(page, 'Enter');
  return arrived;
}

function measure(probe: Probe, origin: number, first: SimRequestRecord, second: SimRequestRecord): Sample {
  const submitAt = keyAt(probe, 'Enter', 0);
  const stopAt = keyAt(probe, 'Escape', 0);
  const redirectAt = keyAt(probe, 'Enter', 1);
  const received = probe.recv.find(([t]) => t > submitAt);
  if (!received || probe.firstContentAt === null) throw new Error('the page received or painted no answer');
  const after = probe.paints.filter(([t]) => t > stopAt && t < redirectAt);
  const lastPaint = Math.max(stopAt, ...after.map(([t]) => t));
  const lastFrame = Math.max(-Infinity, ...after.map(([, , frame]) => frame));
  const redirected = probe.recv.find(([t]) => t > redirectAt);
  const painted = redirected && probe.paints.find(([t, length]) => t >= redirected[0] && length >= redirected[1]);
  if (!painted) throw new Error('no answer to the redirect was painted');
  const sent = probe.sent.find((t) => t >= submitAt);
  if (sent === undefined) throw new Error('the page sent no request');
  return {
    sent: sent - submitAt,
    ttft: received[0] - submitAt - simTtft(first),
    paint: probe.firstContentAt - submitAt,
    addedPaint: probe.firstContentAt - submitAt - simTtft(first),
    receivedToPaint: probe.firstContentAt - received[0],
    stopToLastPaint: lastPaint - stopAt,
    framesAfterStop: probe.frames.filter((t) => t > stopAt && t <= lastFrame).length,
    redirect: painted[0] - redirectAt,
    addedRedirect: painted[0] - redirectAt - simTtft(second),
    ...modelLegs(first, origin + sent, origin + received[0]),
  };
}

function report(
  ctx: BenchContext,
  samples: Record<'tandem' | 'peer', Sample[]>,
  firstTurns: Record<'tandem' | 'peer', FirstTurn[]>,
  late: Record<'tandem' | 'peer', number>,
): void {
  const figure = (k: keyof Sample) => ({
    tandem: summarize(samples.tandem.map((s) => s[k])),
    peer: ctx.peer ? summarize(samples.peer.map((s) => s[k])) : null,
  });
  const vsPeer = (k: keyof Sample) => {
    const f = figure(k);
    return { ...f, target: { text: '≤ 0.2× peer', met: f.peer ? f.tandem.p50 <= 0.2 * f.peer.p50 : null } };
  };
  const row = (section: string, name: string, k: keyof Sample, extra: object = {}) =>
    ctx.row({ section, name, unit: 'ms', ...figure(k), ...extra });
  row(
    'First token',
    'Enter → the request leaves the page, Chromium (Tandem: instruction/submit frame; peer: fetch)',
    'sent',
  );
  row(
    'First token',
    'harness-added time to first token, Chromium ' +
      '(Enter → first answer received in the page, less the simulator’s TTFT)',
    'ttft',
    vsPeer('ttft'),
  );
  row(
    'First paint',
    'Enter → first answer painted, Chromium (Tandem: first ghost insertion; peer: first text)',
    'paint',
  );
  row(
    'First paint',
    'harness-added time to first paint, Chromium (the same, less the simulator’s TTFT)',
    'addedPaint',
    vsPeer('addedPaint'),
  );
  row(
    'First paint',
    'first answer received in the page → painted, Chromium (its floor: the next frame, at most 16.7 ms at 60 Hz)',
    'receivedToPaint',
  );
  const warm = figure('addedPaint');
  const firstOf = (who: 'tandem' | 'peer', k: keyof FirstTurn) => summarize(firstTurns[who].map((f) => f[k]));
  const first = { tandem: firstOf('tandem', 'added'), peer: ctx.peer ? firstOf('peer', 'added') : null };
  const part = (who: 'tandem' | 'peer', k: 'sent' | 'receivedToPaint' | keyof ModelLegs) =>
    `${firstOf(who, k).p50.toFixed(1)} ms, warm ${figure(k)[who]!.p50.toFixed(1)} ms`;
  const gap = (who: 'tandem' | 'peer') =>
    `${who} +${(first[who]!.p50 - warm[who]!.p50).toFixed(1)} ms (Enter → request sent p50 ${part(who, 'sent')}; ` +
    `request sent → at the model ${part(who, 'toModel')}; model’s first token → received in the page ` +
    `${part(who, 'fromModel')}; received → painted p50 ${part(who, 'receivedToPaint')})`;
  ctx.row({
    section: 'First paint',
    name:
      'first turn after page load: Enter → first ghost paint, harness-added, Chromium ' +
      '(a fresh page per sample, first Enter 1 s after it loaded; less the simulator’s TTFT)',
    unit: 'ms',
    ...first,
    target: {
      text: `≤ the warm turn’s p50 + one frame (${FRAME_MS} ms)`,
      met: first.tandem.p50 <= warm.tandem.p50 + FRAME_MS,
    },
    note: `over the warm turn’s p50: ${gap('tandem')}${ctx.peer ? `, ${gap('peer')}` : ''}`,
  });
  const frames = Math.max(...samples.tandem.map((s) => s.framesAfterStop));
  row(
    'Interrupt',
    'Esc → last paint of the answer, Chromium (Tandem repaints once, to show it stopped)',
    'stopToLastPaint',
    {
      target: { text: 'nothing painted after the first frame that starts after Esc', met: frames <= 1 },
      note:
        `the last paint came in frame #N after Esc (0: none after it), at most: Tandem ${frames}` +
        `${ctx.peer ? `, peer ${Math.max(...samples.peer.map((s) => s.framesAfterStop))}` : ''}` +
        `; turns taken again because Esc landed after the answer ended: Tandem ${late.tandem}` +
        `${ctx.peer ? `, peer ${late.peer}` : ''}`,
    },
  );
  row('Redirect', 'redirect: Enter on a correction → first new token painted, Chromium', 'redirect');
  row('Redirect', 'redirect, harness-added (the same, less the simulator’s TTFT for the new request)', 'addedRedirect');
}
