// Why: the autocomplete rows type into a real Monaco editor in each app — Tandem's page on a file
// of its workspace, the peer's /complete page with the same text — with completeProbe.js injected
// first; this opens those pages and reads or resets what the probe recorded.
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { CompleteProbe } from './completeFigures';
import { waitForLanguageService } from './browser';
import { probedPage } from './probedPage';
import { TOKEN } from './servers';

const PROBE = path.join(import.meta.dirname, 'completeProbe.js');

/** What the peer's page exposes (bench/peer/app/complete/CompleteEditor.tsx). */
type PeerWindow = Window & { peerEditor?: { setValue(text: string): void } };

const completePage = (browser: Browser, mode: 'tandem' | 'peer') =>
  probedPage(browser, PROBE, '__completeBenchConfig', {
    mode,
    ghostSelector: '[data-testid="editor"] .ghost-text-decoration',
    linesSelector: '[data-testid="editor"] .monaco-editor .view-lines',
  });

/** Tandem's page with `file` open and autocomplete on, the caret at the end of the file. */
export async function openTandemEditor(browser: Browser, url: string, file: string): Promise<Page> {
  const page = await completePage(browser, 'tandem');
  await page.goto(`${url}/?token=${TOKEN}&name=bench`);
  await page.getByTestId('file-tree').waitFor();
  await page.evaluate((f) => window.tandem!.openFile(f), file);
  await page.locator(`[data-testid="editor"][data-path="${file}"] .monaco-editor .view-lines`).waitFor();
  await page.locator('[data-testid="autocomplete-status"][data-state="on"]').waitFor();
  await waitForLanguageService(page);
  await page.locator('[data-testid="editor"] .monaco-editor .view-lines').click();
  return page;
}

/** The peer's completion page holding `text`, the caret in its editor. */
export async function openPeerEditor(browser: Browser, url: string, text: string): Promise<Page> {
  const page = await completePage(browser, 'peer');
  await page.goto(`${url}/complete`);
  const deadline = Date.now() + 30_000;
  // Polled from here, like the other benches (no waitForFunction: see browser.ts waitForProbe).
  while (!(await page.evaluate(() => (window as PeerWindow).peerEditor !== undefined))) {
    if (Date.now() > deadline) throw new Error('the peer page did not mount its editor');
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.evaluate((t) => (window as PeerWindow).peerEditor!.setValue(t), text);
  await page.locator('[data-testid="editor"] .monaco-editor .view-lines').click();
  return page;
}

export async function resetCompleteProbe(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __completeBenchReset(): void }).__completeBenchReset());
}

export function readCompleteProbe(page: Page): Promise<CompleteProbe> {
  return page.evaluate(() => {
    const b = (window as unknown as { __completeBench: CompleteProbe }).__completeBench;
    const { keys, sent, answers, cancels, paints, typed, frames } = b;
    return { keys, sent, answers, cancels, paints, typed, frames };
  });
}

/** Waits until a ghost text was painted after the last key press; false when none was in time. */
export async function waitForGhost(page: Page, timeoutMs = 15_000): Promise<boolean> {
  const check =
    '(() => { const b = window.__completeBench; const k = b.keys.at(-1); ' +
    "return k !== undefined && b.paints.some((p) => p[0] > k[1] && p[1] !== ''); })()";
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check))) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
