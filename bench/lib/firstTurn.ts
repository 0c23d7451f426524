// Why: the first turn a person takes after opening the page is the one they judge the app by, and
// the warm turns measured elsewhere never see it (their pages have streamed before). Each sample
// here loads a fresh page, waits the moment a person takes to look at it, then takes one turn:
// Enter → the first paint of the answer, less the simulator's TTFT (what the app adds).
import type { Browser } from '@playwright/test';
import { keyAt, openPeerPage, openTandemPage, readProbe, resetProbe, waitForProbe } from './browser';
import { pause, type BenchContext } from './context';
import { peerPrepare, press, tandemAsk, tandemDiscard } from './drive';
import { simTtft } from './sim';
import type { SimRequestRecord } from '../../server/models/sim/server';
import { FILES, peerPrompt, TURN_INSTRUCTION, TURN_LINES } from './workload';

/** From page loaded to the first Enter: a person reads the page and selects code for longer. */
const LOOK_MS = 1000;

export type FirstTurn = {
  /** Harness-added ms to the first paint: Enter → first paint, less the simulator's TTFT. */
  added: number;
  /** Of which: Enter → the request leaves the page, and the first answer received in the page → painted. */
  sent: number;
  receivedToPaint: number;
} & ModelLegs;

/**
 * The two legs of "the request left the page → the first answer arrived in it" that are not the
 * model's: page → the simulator (the app's server routing and sending the request) and the
 * simulator's first token → the page (the server relaying it, then the page getting to handle it:
 * a busy main thread holds the message). Across processes, on the wall clock (performance.timeOrigin
 * + now in the page and here): same machine, so the clocks agree to well under a millisecond.
 */
export type ModelLegs = { toModel: number; fromModel: number };

export function modelLegs(record: SimRequestRecord, sentWall: number, receivedWall: number): ModelLegs {
  const first = record.chunks.find((c) => c.tokens > 0);
  if (!first) throw new Error(`the simulator sent no token for request ${record.id}`);
  return {
    toModel: performance.timeOrigin + record.arrivedAt - sentWall,
    fromModel: receivedWall - (performance.timeOrigin + first.at),
  };
}

/** The first turn on a freshly loaded page, one per sample. */
export async function firstTurnSample(ctx: BenchContext, browser: Browser, who: 'tandem' | 'peer'): Promise<FirstTurn> {
  const page =
    who === 'tandem'
      ? await openTandemPage(browser, ctx.tandem.url, FILES.turn)
      : await openPeerPage(browser, ctx.peer!.url);
  try {
    // Playwright's first waitForFunction in a page injects its own script (~330 KB) into the page:
    // 12–34 ms of the page's main thread that a trace showed inside the first turn it was measuring.
    // Done here, before the turn, in both apps' pages.
    await waitForProbe(page, 'the page probe', 'b !== undefined');
    const origin = await page.evaluate(() => performance.timeOrigin);
    await resetProbe(page);
    await pause(LOOK_MS);
    const range = { startLine: 1, endLine: TURN_LINES };
    if (who === 'tandem') await tandemAsk(page, TURN_INSTRUCTION);
    else await peerPrepare(page, peerPrompt(ctx.files[FILES.turn]!, FILES.turn, range, TURN_INSTRUCTION), true);
    await pause(300);
    const arrived = ctx.sim.nextChat();
    await press(page, 'Enter');
    const record = await arrived;
    await waitForProbe(page, 'the first paint of the answer', 'b.firstContentAt !== null');
    const probe = await readProbe(page);
    await press(page, 'Escape');
    await ctx.sim.closed(record, 30_000);
    // Turned down before the page closes: a turn outlives its tab for the reconnect grace period
    // (30 s), and the warm turns' page, on the same file, showed it as a collaborator's ghost.
    if (who === 'tandem') await tandemDiscard(page);
    const enter = keyAt(probe, 'Enter', 0);
    const received = probe.recv.find(([t]) => t > enter);
    if (!received) throw new Error(`${who}: the page painted an answer it did not receive`);
    const sent = probe.sent.find((t) => t >= enter);
    if (sent === undefined) throw new Error(`${who}: the page sent no request`);
    return {
      added: probe.firstContentAt! - enter - simTtft(record),
      sent: sent - enter,
      receivedToPaint: probe.firstContentAt! - received[0],
      ...modelLegs(record, origin + sent, origin + received[0]),
    };
  } finally {
    await page.context().close();
  }
}
