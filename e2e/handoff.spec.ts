// Sending a fast-lane session to the background: Delegate while the ghost streams stops it,
// starts a run that says where it came from (with a link back), and the ghost leaves the editor
// once the run has started.
import { heldFirstFastStream } from '../server/testing/heldStream';
import { expect, RUN_FINISHED, selectLines, sharedText, test } from './harness';

// The ghost's stream is held open after 20 tokens, so it is still streaming when Delegate is clicked.
test.use({
  serverEnv: { TANDEM_SIM_STRONG_TPS: '4000', TANDEM_SIM_TTFT_MS: '20' },
  serverConfig: heldFirstFastStream(20),
});

const FILE = 'src/cart.ts';

test('delegate hands a streaming ghost to a background run that links back to it', async ({ tandem }) => {
  const page = await tandem.open('Hana', FILE);
  const before = await sharedText(page, FILE);
  await selectLines(page, 14, 20);
  await page.keyboard.press('Control+k');
  await page.getByTestId('instruction-input').fill('rename total to sum');
  await page.getByTestId('instruction-input').press('Enter');
  const status = page.getByTestId('ghost-status');
  await expect(status).toHaveAttribute('data-state', 'streaming');
  await expect(page.locator('.tandem-ghost-insert').first()).toBeVisible();

  await page.getByTestId('delegate').click();
  const item = page.getByTestId('run-item').first();
  await expect(item).toBeVisible();
  await expect(item.getByTestId('run-handoff')).toContainText(
    'handed off from “rename total to sum” on src/cart.ts:14',
  );
  await expect(page.getByTestId('lane-badge')).toHaveAttribute('data-lane', 'strong');
  await expect(status).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('.tandem-ghost-insert')).toHaveCount(0);
  await expect(item).toHaveAttribute('data-status', 'succeeded', RUN_FINISHED);
  expect(await sharedText(page, FILE)).toBe(before);

  await page.getByTestId('run-review').click();
  await expect(
    page.getByTestId('notice').filter({ hasText: /review: (nothing found|\d+ finding\(s\)) in run / }),
  ).toBeVisible();

  await item.getByTestId('handoff-link').click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', FILE);
  await expect(page.getByTestId('transcript-turn').first()).toHaveAttribute('data-outcome', 'handed_off');
});
