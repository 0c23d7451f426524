// The fast lane as a person drives it: select, Ctrl+K, instruction, ghost streaming with
// decorations, Esc to interrupt, a redirect, Tab to accept (seen by a second person), reject.
import type { Page } from '@playwright/test';
import { heldFirstFastStream } from '../server/testing/heldStream';
import { cartTotalRenamed, expect, instructionBoxOn, sharedText, test } from './harness';

test.use({ serverEnv: { TANDEM_SIM_FAST_TPS: '200', TANDEM_SIM_TTFT_MS: '50' } });

const FILE = 'src/cart.ts';

/** Selects lines `from`..`to`, Ctrl+K, types the instruction, Enter. */
async function ask(page: Page, from: number, to: number, instruction: string) {
  await instructionBoxOn(page, from, to);
  const input = page.getByTestId('instruction-input');
  await input.fill(instruction);
  await input.press('Enter');
}

test.describe('while the first stream is held open after 20 tokens', () => {
  test.use({ serverConfig: heldFirstFastStream(20) });

  test('stream, interrupt, redirect and accept a ghost edit; a collaborator sees it', async ({ tandem }) => {
    const ada = await tandem.open('Ada', FILE);
    const bo = await tandem.open('Bo', FILE);
    const before = await sharedText(ada, FILE);

    await ask(ada, 14, 20, 'rename total to sum');
    const status = ada.getByTestId('ghost-status');
    await expect(status).toHaveAttribute('data-state', 'streaming');
    await expect(ada.getByTestId('lane-badge')).toHaveAttribute('data-lane', 'fast');
    await expect(ada.getByTestId('lane-badge')).toHaveAttribute('title', /.+/);
    await expect(ada.locator('.tandem-ghost-insert').first()).toBeVisible();
    await expect(ada.locator('.tandem-ghost-delete').first()).toBeVisible();
    await expect(bo.locator('.tandem-ghost-label')).toContainText('Ada');
    expect(await sharedText(bo, FILE)).toBe(before);

    await ada.getByTestId('instruction-input').press('Escape');
    await expect(status).toHaveAttribute('data-state', 'interrupted');
    // One last paint turns the stream's view into the exact diff of what Accept would apply; after
    // that frame nothing changes any more, however long the model would have gone on.
    await ada.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const frozen = await ada.locator('.tandem-ghost-insert').allTextContents();
    await ada.waitForTimeout(400);
    expect(await ada.locator('.tandem-ghost-insert').allTextContents()).toEqual(frozen);

    await ada.getByTestId('instruction-input').fill('rename total to amount instead');
    await ada.getByTestId('instruction-input').press('Enter');
    await expect(status).toHaveAttribute('data-state', 'done');
    await expect(ada.getByTestId('transcript-turn').first()).toContainText('→ rename total to amount instead');
    for (const figure of ['metric-ttft', 'metric-first-paint']) {
      const shown = ada.getByTestId('metrics-hud').getByTestId(figure);
      await expect(shown).toHaveAttribute('data-ms', /^\d+\.\d\d$/);
      expect(Number(await shown.getAttribute('data-ms'))).toBeGreaterThan(0);
    }

    await ada.getByTestId('accept-edit').click();
    await expect(status).toHaveAttribute('data-state', 'idle');
    const expected = cartTotalRenamed(before, 'amount');
    expect(await sharedText(ada, FILE)).toBe(expected);
    await expect.poll(() => sharedText(bo, FILE)).toBe(expected);
    await expect(bo.locator('.tandem-ghost-label')).toHaveCount(0);

    await ada.locator('.monaco-editor .view-lines').click();
    await ada.keyboard.press('Control+z');
    await expect.poll(() => sharedText(bo, FILE)).toBe(before);
    await expect(ada.getByTestId('transcript-turn').first()).toHaveAttribute('data-outcome', 'accepted');
  });
});

test('reject discards the ghost and leaves the document alone', async ({ tandem }) => {
  const page = await tandem.open('Rita', FILE);
  const before = await sharedText(page, FILE);
  await ask(page, 10, 12, 'add a doc comment');
  await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('.tandem-ghost-insert').first()).toBeVisible();
  await page.getByTestId('reject-edit').click();
  await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('.tandem-ghost-insert')).toHaveCount(0);
  expect(await sharedText(page, FILE)).toBe(before);
});

test('a hunk can be dropped before accepting the rest', async ({ tandem }) => {
  const page = await tandem.open('Hugo', FILE);
  const before = await sharedText(page, FILE);
  await ask(page, 14, 20, 'rename total to sum');
  await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'done');
  const toggles = page.getByTestId('hunk-toggle');
  await expect(toggles).toHaveCount(3);
  await page.locator('[data-testid="hunk-toggle"][data-hunk="1"]').click();
  await expect(page.locator('[data-testid="hunk-toggle"][data-hunk="1"]')).toHaveAttribute('data-rejected', 'true');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'idle');
  const after = await sharedText(page, FILE);
  expect(after).toBe(
    before
      .replace('  let total = 0;', '  let sum = 0;')
      .replace(
        '  return total;\n}\n\nexport function applyDiscount',
        '  return sum;\n}\n\nexport function applyDiscount',
      ),
  );
  expect(after).toContain('    total += lineTotal(item);');
});
