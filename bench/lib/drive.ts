// Why: the browser rows drive each app the way a person does — Tandem: select the code, Ctrl+K,
// type the instruction, Enter; Esc stops; a new instruction + Enter redirects; Esc again discards.
// The peer: Enter sends, Esc stops (useChat's stop), Enter again sends the correction.
import type { Page } from '@playwright/test';
import { MODEL } from './sim';
import type { PeerPrompt } from './workload';

/** Asks for an edit of the whole file; `/fast` keeps the router from sending long ranges to the background lane. */
export async function tandemAsk(page: Page, instruction: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('instruction-input');
  await input.fill(`/fast ${instruction}`);
}

export async function tandemDiscard(page: Page): Promise<void> {
  const status = page.getByTestId('ghost-status');
  for (let i = 0; i < 3 && (await status.getAttribute('data-state')) !== 'idle'; i++) {
    await page.getByTestId('instruction-input').press('Escape');
    await page.waitForTimeout(50);
  }
  await page.locator('[data-testid="ghost-status"][data-state="idle"]').waitFor({ timeout: 5000 });
  await page.locator('.tandem-ghost-insert').first().waitFor({ state: 'detached', timeout: 5000 });
}

/** Prepares what the peer page sends on the next Enter (the same request Tandem sends). */
export async function peerPrepare(page: Page, prompt: PeerPrompt, fresh: boolean): Promise<void> {
  await page.evaluate(
    (next) => {
      (window as unknown as { peerBench: unknown }).peerBench = { next };
    },
    { ...prompt, fresh, model: MODEL },
  );
  await page.getByTestId('instruction-input').focus();
}

export function press(page: Page, key: 'Enter' | 'Escape'): Promise<void> {
  return page.getByTestId('instruction-input').press(key);
}

export async function peerOutput(page: Page): Promise<string> {
  return (await page.getByTestId('peer-output').textContent()) ?? '';
}
