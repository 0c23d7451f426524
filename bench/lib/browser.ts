// Why: the browser rows drive both apps the way a person does (keys in a real Chromium page) and
// read what the page probe (pageProbe.js) timestamped; this holds the launching, page set-up and
// probe read-out they share.
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../server/testing/chromium';
import { probedPage } from './probedPage';
import { TOKEN } from './servers';

const PROBE = path.join(import.meta.dirname, 'pageProbe.js');

export type Probe = {
  keys: [string, number][];
  sent: number[];
  recv: [number, number][];
  /** [painted at, answer length shown, start of the frame that painted it] */
  paints: [number, number, number][];
  firstContentAt: number | null;
  /** When the page learnt that the answer ended (done or error), if it did. */
  endAt: number | null;
  frames: number[];
  longTasks: [number, number][];
};

export function launchBrowser(): Promise<Browser> {
  if (!CHROMIUM_PATH)
    throw new Error('no Chromium found: install it (apt-get install chromium) or set TANDEM_CHROMIUM to its path');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

type ProbeConfig = {
  mode: 'tandem' | 'peer';
  answerSelector: string;
  contentSelector: string;
  unrenderedSelector?: string;
};

const turnPage = (browser: Browser, config: ProbeConfig) => probedPage(browser, PROBE, '__benchConfig', config);

/** Tandem's page with `file` open in the editor. */
export async function openTandemPage(browser: Browser, url: string, file: string): Promise<Page> {
  const page = await turnPage(browser, {
    mode: 'tandem',
    answerSelector: '.tandem-ghost-zone, .tandem-ghost-label',
    contentSelector: '.tandem-ghost-insert',
    unrenderedSelector: '.tandem-ghost-zone:not([style*="top"]), .tandem-ghost-label:not([style*="top"])',
  });
  await page.goto(`${url}/?token=${TOKEN}&name=bench`);
  await page.getByTestId('file-tree').waitFor();
  await page.evaluate((f) => window.tandem!.openFile(f), file);
  await page.locator(`[data-testid="editor"][data-path="${file}"] .monaco-editor .view-lines`).waitFor();
  return page;
}

/**
 * A page someone has been on for a while: its TypeScript service has started (it waits for a quiet
 * page, lib/client/languageServiceGate.ts), so the warm rows do not measure beside its start.
 */
export async function waitForLanguageService(page: Page): Promise<void> {
  await page.locator('[data-testid="language"][data-service="ready"]').waitFor({ timeout: 60_000 });
}

export async function openPeerPage(browser: Browser, url: string): Promise<Page> {
  const page = await turnPage(browser, {
    mode: 'peer',
    answerSelector: '[data-testid="peer-output"]',
    contentSelector: '[data-testid="peer-output"]',
  });
  await page.goto(url);
  await page.getByTestId('instruction-input').waitFor();
  return page;
}

/** Clears what the probe recorded; the page's frame loop runs, every other probed page's pauses. */
export async function resetProbe(page: Page): Promise<void> {
  for (const other of page
    .context()
    .browser()!
    .contexts()
    .flatMap((c) => c.pages())) {
    if (other !== page)
      await other.evaluate(() => (window as unknown as { __benchActive?(on: boolean): void }).__benchActive?.(false));
  }
  await page.evaluate(() => {
    const w = window as unknown as { __benchReset(): void; __benchActive(on: boolean): void };
    w.__benchReset();
    w.__benchActive(true);
  });
}

export function readProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: Probe }).__bench;
    return {
      keys: b.keys,
      sent: b.sent,
      recv: b.recv,
      paints: b.paints,
      firstContentAt: b.firstContentAt,
      endAt: b.endAt,
      frames: b.frames,
      longTasks: b.longTasks,
    };
  });
}

export async function waitForProbe(page: Page, what: string, check: string, timeoutMs = 15_000): Promise<void> {
  // Polled from here: Playwright's waitForFunction compiles its predicate inside the page, which
  // Tandem's Content-Security-Policy (no 'unsafe-eval') refuses, so it never resolved there.
  const expression = `(() => { const b = window.__bench; return ${check}; })()`;
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting in the page for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The n-th (0-based) press of `key` since the last reset. */
export function keyAt(probe: Probe, key: string, n = 0): number {
  const t = probe.keys.filter(([k]) => k === key)[n]?.[1];
  if (t === undefined) throw new Error(`the page saw no ${key} press #${n + 1}`);
  return t;
}

/** For each receipt from `from` on, the wait until a frame showed at least that much answer. */
export function receivedToPainted(probe: Probe, from: number): number[] {
  const lags: number[] = [];
  let p = 0;
  for (const [at, length] of probe.recv) {
    if (at < from) continue;
    while (p < probe.paints.length && (probe.paints[p]![0] < at || probe.paints[p]![1] < length)) p++;
    if (p === probe.paints.length) break;
    lags.push(probe.paints[p]![0] - at);
  }
  return lags;
}
