// Why: autocomplete is the most latency-sensitive lane, so it is measured where it is felt — in
// Chromium, typing into Monaco on the simulator — beside the common way of adding it to a Next.js
// app (bench/peer: a fixed debounce, then a fetch to a route that asks the same simulator). Each
// sample types one line with a person's rhythm (a gap between keys, one hesitation after `= `,
// where the peer's debounce fires and the next key supersedes its request) and waits for the
// ghost text after the last key (in Tandem that ghost is mostly the suggestion typed through), then
// types one key that breaks the suggestion and waits for the ghost a new model request brings.
// Rows: last key → ghost painted, less the model's own time (what the app adds), split into the
// pause before asking and the rest; the same after the breaking key; requests that reached the model,
// and those closed before they ended, per 100 typed characters; a superseded request's upstream
// close timed from the server's side (completeHook.mjs); stale ghosts painted. Tandem and the peer
// run here with the trace hook loaded, on their own servers.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { tempDir } from '../server/testing/fixtures';
import type { SimRequestRecord } from '../server/models/sim/server';
import { keySample, peerSuperseded, stalePaints, tandemSuperseded, type TraceEvent } from './lib/completeFigures';
import {
  openPeerEditor,
  openTandemEditor,
  readCompleteProbe,
  resetCompleteProbe,
  waitForGhost,
} from './lib/completePages';
import { alternate, pause, type BenchContext } from './lib/context';
import { reportComplete, type Figures, type Who } from './lib/completeReport';
import { startPeer, startTandem, type Server } from './lib/servers';
import { codeLines } from './lib/workload';

const HOOK = path.join(import.meta.dirname, 'lib/completeHook.mjs');
const FILE = 'src/complete.ts';
const SOURCE = `${codeLines(40).join('\n')}\n`;
/** Between keys: a fast typist (about 130 words a minute). */
const GAP_MS = 90;
/** The peer's fixed debounce (bench/peer/app/complete/CompleteEditor.tsx). */
const PEER_DEBOUNCE_MS = 150;
/** A hesitation after `= `: past the peer's debounce, so the next key supersedes a request in flight. */
const HESITATE_MS = PEER_DEBOUNCE_MS + 60;
const TARGET_MS = 5;
/**
 * Typed after the line: it breaks the suggestion shown, so its ghost needs a new model request.
 * Then taken back (Backspace), so the file the next lines are typed into is as without it.
 */
const BREAK_KEY = 'x';

/** One line typed at the end of the file; its sample and the count of ghosts that did not fit. */
async function typeLine(page: Page, n: number, records: () => SimRequestRecord[]) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await pause(300);
  await resetCompleteProbe(page);
  const parts = [`const v${n} `, '= ', 'tota'];
  for (const [i, part] of parts.entries()) {
    await page.keyboard.type(part, { delay: GAP_MS });
    if (i < parts.length - 1) await pause(i === 1 ? HESITATE_MS : GAP_MS);
  }
  const painted = await waitForGhost(page);
  const probe = await readCompleteProbe(page);
  const lastKeyAt = probe.keys.at(-1)![1];
  await pause(GAP_MS);
  // The line's own requests (those after the breaking key are not typing: left out of the counts).
  const made = records().length;
  const breakAt = performance.now();
  await page.keyboard.type(BREAK_KEY);
  const answered = await waitForGhost(page);
  const broken = await readCompleteProbe(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Backspace');
  // Let the answers still on their way land (a late stale paint is seen too), and the records close.
  await pause(400);
  const settled = await readCompleteProbe(page);
  return {
    sample: painted ? keySample(probe, lastKeyAt, records()) : null,
    answered: answered ? keySample(broken, broken.keys.at(-1)![1], records()) : null,
    made,
    breakAt,
    typed: parts.join('').length,
    stale: stalePaints(settled),
  };
}

function readTrace(file: string): TraceEvent[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceEvent);
}

export async function complete(ctx: BenchContext): Promise<void> {
  const browser = ctx.browser!;
  const runs = ctx.smoke ? 3 : 12;
  const warmup = 2;
  const dir = tempDir('bench-complete');
  const traces = { tandem: path.join(dir, 'tandem.jsonl'), peer: path.join(dir, 'peer.jsonl') };
  const env = (who: Who) => ({
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${HOOK}`.trim(),
    COMPLETE_TRACE_FILE: traces[who],
  });
  const servers: Server[] = [];
  const records: Record<Who, SimRequestRecord[]> = { tandem: [], peer: [] };
  let current: Who | null = null;
  const onRequest = (r: SimRequestRecord) => {
    if (current && r.path === '/v1/completions') records[current].push(r);
  };
  ctx.sim.server.events.on('request', onRequest);
  const figures: Record<Who, Figures> = {
    tandem: { samples: [], answered: [], typed: 0, made: 0, closedEarly: 0, stale: 0 },
    peer: { samples: [], answered: [], typed: 0, made: 0, closedEarly: 0, stale: 0 },
  };
  const missed = { tandem: 0, peer: 0 };
  const pages: Record<Who, Page | null> = { tandem: null, peer: null };
  try {
    const tandem = await startTandem({
      snapshot: ctx.snapshot,
      simBaseUrl: ctx.sim.server.baseUrl,
      files: { ...ctx.files, [FILE]: SOURCE },
      ui: true,
      env: env('tandem'),
    });
    servers.push(tandem);
    pages.tandem = await openTandemEditor(browser, tandem.url, FILE);
    if (ctx.peer) {
      const peer = await startPeer(ctx.sim.server.baseUrl, env('peer'));
      servers.push(peer);
      pages.peer = await openPeerEditor(browser, peer.url, SOURCE);
    }
    await alternate(ctx, runs + warmup, async (who, run) => {
      const from = records[who].length;
      current = who;
      const line = await typeLine(pages[who]!, run, () => records[who].slice(from));
      current = null;
      if (run < warmup) return;
      const f = figures[who];
      const mine = records[who].slice(from, from + line.made);
      if (line.sample) f.samples.push(line.sample);
      else missed[who]++;
      // Only a ghost from a model request counts here (one answered from the suggestion before is not).
      if (line.answered && !line.answered.reused) f.answered.push(line.answered);
      f.typed += line.typed;
      f.made += mine.length;
      // Closed by the breaking key is not the line's: counted up to it (the simulator's clock is ours).
      f.closedEarly += mine.filter((r) => r.aborted && r.closedAt !== null && r.closedAt < line.breakAt).length;
      f.stale += line.stale;
    });
  } finally {
    ctx.sim.server.events.off('request', onRequest);
    await Promise.all(Object.values(pages).map(async (p) => p?.context().close()));
    await Promise.all(servers.map((s) => s.stop()));
  }
  await pause(300);
  const origin = performance.timeOrigin;
  const closed = {
    tandem: tandemSuperseded(readTrace(traces.tandem), records.tandem, origin),
    peer: peerSuperseded(readTrace(traces.peer), records.peer, origin),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  for (const who of ['tandem', 'peer'] as const)
    if (pages[who] && missed[who] > runs / 2)
      throw new Error(`${who}: ${missed[who]} of ${runs} lines showed no ghost text after the last key`);
  reportComplete(ctx, figures, missed, closed, {
    rhythm:
      `typing ${GAP_MS} ms between keys, one ${HESITATE_MS} ms hesitation a line; ` +
      `peer debounce ${PEER_DEBOUNCE_MS} ms`,
    breakKey: BREAK_KEY,
    targetMs: TARGET_MS,
  });
}
