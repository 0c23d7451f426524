// Sending a fast-lane session to the background: Delegate while the ghost streams stops it,
// starts a run that says where it came from (with a link back), and the ghost leaves the editor
// once the run has started. The run's first evidence item shows what it received from the fast
// session, and its link back opens the file at the edit's range with that turn marked.
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

  // The run is open: its first evidence item is what it received from the fast session.
  const first = page.getByTestId('evidence-item').first();
  await expect(first).toHaveAttribute('data-kind', 'handoff');
  const received = first.getByTestId('evidence-handoff');
  await expect(received).toContainText("received from Hana's fast edit on src/cart.ts:14–20");
  await expect(received.getByTestId('handoff-turn')).toHaveCount(1);
  await expect(received.getByTestId('handoff-turn')).toContainText('rename total to sum');
  await expect(received.getByTestId('handoff-figures')).toContainText(/interrupted · TTFT \d+ ms/);
  await expect(received.getByTestId('handoff-diff')).toContainText(/partial diff: \+\d+ −\d+ lines/);
  const source = page.getByTestId('handoff-source');
  await expect(source).toHaveText("from Hana's fast edit “rename total to sum” on src/cart.ts:14–20");

  await page.getByTestId('run-review').click();
  await expect(
    page.getByTestId('notice').filter({ hasText: /review: (nothing found|\d+ finding\(s\)) in run / }),
  ).toBeVisible();

  await source.click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', FILE);
  // The range is highlighted in the editor, and its turn is marked in the transcript.
  await expect(page.locator('.tandem-reveal').first()).toBeVisible();
  await expect(page.locator('.tandem-reveal')).toHaveCount(7);
  const turn = page.locator('[data-testid="transcript-turn"][data-revealed="true"]');
  await expect(turn).toHaveCount(1);
  await expect(turn).toHaveAttribute('data-outcome', 'handed_off');
  await expect(turn).toBeVisible();

  // The run list's link back does the same.
  await page.getByTestId('panel-tab-runs').click();
  await item.getByTestId('handoff-link').click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', FILE);
  await expect(page.getByTestId('transcript-turn').first()).toHaveAttribute('data-outcome', 'handed_off');
});
