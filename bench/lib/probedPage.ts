// Why: every Chromium bench measures a page the same way — a fresh context of the same size, the
// bench's settings put on `window` and its probe script injected before the page's own scripts —
// so the two apps, and the two benches, are measured in the same conditions.
import type { Browser, Page } from '@playwright/test';

/** A new page (its own context, 1280×900) with `config` at `window[configName]` and `probe` injected first. */
export async function probedPage(browser: Browser, probe: string, configName: string, config: unknown): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(
    ({ name, value }) => {
      (window as unknown as Record<string, unknown>)[name] = value;
    },
    { name: configName, value: config },
  );
  await page.addInitScript({ path: probe });
  return page;
}
