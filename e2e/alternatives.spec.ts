// Alternatives ×N from the outside: three rewrites of one range stream at once (one chip each),
// the person flips through them (Alt+] / Alt+[), Esc stops all, and Tab picks the one on screen:
// it is applied as one undo step, the others are gone, and the transcript says which was taken.
import type { Page } from '@playwright/test';
import { expect, instructionBoxOn, sharedText, test } from './harness';

const FILE = 'src/cart.ts';

test.use({ serverEnv: { TANDEM_SIM_FAST_TPS: '300', TANDEM_SIM_TTFT_MS: '40' } });

const chips = (page: Page) => page.getByTestId('alternative-item');
const shownIndex = (page: Page) =>
  page.locator('[data-testid="alternative-item"][data-shown="true"]').getAttribute('data-index');

async function askForThree(page: Page): Promise<void> {
  await instructionBoxOn(page, 14, 20);
  await page.getByTestId('alternatives-count').selectOption('3');
  await page.getByTestId('instruction-input').fill('rename total to sum');
  await page.getByTestId('alternatives-button').click();
}

/** Ctrl+Z in the editor: this person's last step. */
async function undoInEditor(page: Page): Promise<void> {
  await page.getByTestId('editor').locator('.view-lines').click();
  await page.keyboard.press('Control+z');
}

test.describe('three alternatives held open mid-stream', () => {
  // Each of the first three model requests stops sending after 20 tokens and stays open.
  test.use({ serverConfig: { models: { fast: { model: 'sim-fast+stall:20*3', stallTimeoutMs: 600_000 } } } });

  test('stream at once, flip, stop all with Esc, and the one picked is one undo step', async ({ tandem }) => {
    const ada = await tandem.open('Ada', FILE);
    const bo = await tandem.open('Bo', FILE);
    const before = await sharedText(ada, FILE);

    await askForThree(ada);
    await expect(chips(ada)).toHaveCount(3);
    for (const chip of await chips(ada).all()) await expect(chip).toHaveAttribute('data-state', 'streaming');
    await expect(ada.getByTestId('ghost-status')).toHaveAttribute('data-state', 'streaming');
    expect(await shownIndex(ada)).toBe('0');
    await expect(ada.locator('.tandem-ghost-insert').first()).toBeVisible();

    const input = ada.getByTestId('instruction-input');
    await input.press('Alt+]');
    await expect.poll(() => shownIndex(ada)).toBe('1');
    await input.press('Alt+]');
    await input.press('Alt+[');
    await expect.poll(() => shownIndex(ada)).toBe('1');
    const pickedId = await ada.getByTestId('ghost-status').getAttribute('data-request-id');
    expect(pickedId).toMatch(/-alt1$/);

    await input.press('Escape');
    for (const chip of await chips(ada).all()) await expect(chip).toHaveAttribute('data-state', 'interrupted');

    await input.press('Tab');
    await expect(chips(ada)).toHaveCount(0);
    await expect(ada.getByTestId('ghost-status')).toHaveAttribute('data-state', 'idle');
    await expect(ada.locator('.tandem-ghost-insert')).toHaveCount(0);
    const after = await sharedText(ada, FILE);
    expect(after).not.toBe(before);
    await expect.poll(() => sharedText(bo, FILE)).toBe(after);

    // The transcript keeps all three: the one taken accepted, the others rejected.
    await expect(ada.locator('[data-testid="transcript-turn"][data-outcome="accepted"]')).toHaveCount(1);
    await expect(ada.locator(`[data-testid="transcript-turn"][data-request-id="${pickedId}"]`)).toHaveAttribute(
      'data-outcome',
      'accepted',
    );
    await expect(ada.locator('[data-testid="transcript-turn"][data-outcome="rejected"]')).toHaveCount(2);

    await undoInEditor(ada);
    await expect.poll(() => sharedText(ada, FILE)).toBe(before);
    await expect.poll(() => sharedText(bo, FILE)).toBe(before);
  });
});

test('alternatives that finish are genuinely different rewrites', async ({ tandem }) => {
  const page = await tandem.open('Cy', FILE);
  await askForThree(page);
  await expect(chips(page)).toHaveCount(3);
  for (const chip of await chips(page).all()) await expect(chip).toHaveAttribute('data-state', 'done');
  const shownGhost = async () => (await page.locator('.tandem-ghost-insert').allTextContents()).join('\n');
  const seen = new Set<string>();
  for (let i = 0; i < 3; i++) {
    await expect.poll(() => shownIndex(page)).toBe(String(i));
    await expect(page.locator('.tandem-ghost-insert').first()).toBeVisible();
    // The chip marks the flip as soon as the painter has it; Monaco may draw the new decorations a
    // frame later. Wait for a text not seen yet (three identical takes still fail here).
    await expect.poll(async () => seen.has(await shownGhost())).toBe(false);
    seen.add(await shownGhost());
    await page.getByTestId('alternative-next').click();
  }
  expect(seen.size).toBe(3);
  for (const text of seen) expect(text).toContain('sum');
});
