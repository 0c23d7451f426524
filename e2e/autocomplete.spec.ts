// Inline completions as a person meets them: ghost text appears while typing, typing through it
// asks nothing new, Tab accepts it into the shared text (a collaborator sees the text, never the
// suggestion) as one undo step, Ctrl+→ takes a word, Esc dismisses, and the status bar item turns
// it off.
import type { Page } from '@playwright/test';
import { caretAtLineEnd, expect, sharedText, test } from './harness';

test.use({ serverEnv: { TANDEM_SIM_TTFT_MS: '30' } });

const FILE = 'src/cart.ts';
const GHOST = '[data-testid="editor"] .ghost-text-decoration, [data-testid="editor"] .ghost-text';

async function newLineAtEnd(page: Page): Promise<void> {
  const lines = (await sharedText(page, FILE)).split('\n').length;
  await caretAtLineEnd(page, lines);
  await page.keyboard.press('Enter');
}

const requestsOf = async (page: Page) =>
  Number(await page.getByTestId('autocomplete-status').getAttribute('data-requests'));

test('ghost text while typing; typed through without a request; Tab shares it; only its asker sees it', async ({
  tandem,
}) => {
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', FILE);
  const status = ada.getByTestId('autocomplete-status');
  await expect(status).toHaveAttribute('data-state', 'on');
  await expect(status).toContainText('sim-fast (simulated)');
  const before = await sharedText(ada, FILE);

  await newLineAtEnd(ada);
  await ada.keyboard.type('const sub = cartT', { delay: 40 });
  const ghost = ada.locator(GHOST);
  await expect(ghost.first()).toBeVisible();
  await expect(ada.locator('[data-testid="editor"] .view-lines')).toContainText('otal(items);');
  await expect(status).toHaveAttribute('data-ms', /^\d+\.\d\d$/);
  await expect(bo.locator(GHOST)).toHaveCount(0);

  const asked = await requestsOf(ada);
  await ada.keyboard.type('ot', { delay: 80 });
  await expect(ghost.first()).toBeVisible();
  await ada.waitForTimeout(500);
  expect(await requestsOf(ada)).toBe(asked);

  await ada.keyboard.press('Tab');
  const expected = `${before}\nconst sub = cartTotal(items);`;
  await expect.poll(() => sharedText(ada, FILE)).toBe(expected);
  await expect.poll(() => sharedText(bo, FILE)).toBe(expected);
  await expect(bo.locator(GHOST)).toHaveCount(0);
  await expect(ada.locator(GHOST)).toHaveCount(0);

  // The HUD shows the measured figures of the suggestion, and that it was accepted (the dashboard: below).
  await expect(ada.getByTestId('metric-complete')).toHaveAttribute('data-ms', /^\d+\.\d\d$/);
  await expect(ada.getByTestId('metric-complete-ttft')).toHaveAttribute('data-ms', /^\d+\.\d\d$/);
  // Accepted of shown: suggestions shown and dismissed while typing count too.
  await expect(ada.getByTestId('metric-complete-accepted')).toHaveText(/^accepted 1\/[1-9]\d*$/);

  // The accepted text is one undo step of its own: the typing before it stays.
  await ada.keyboard.press('Control+z');
  await expect.poll(() => sharedText(bo, FILE)).toBe(`${before}\nconst sub = cartTot`);

  await ada.getByTestId('dashboard-open').click();
  const row = ada.locator('[data-testid="complete-model"][data-model="sim-fast"]');
  await expect(row.getByTestId('complete-accepted')).toHaveText(/^1( \(\d+%\))?$/);
});

test('Ctrl+→ accepts the next word of a suggestion', async ({ tandem }) => {
  const ada = await tandem.open('Ada', FILE);
  const before = await sharedText(ada, FILE);
  await newLineAtEnd(ada);
  await ada.keyboard.type('const word = cartT', { delay: 40 });
  await expect(ada.locator(GHOST).first()).toBeVisible();
  await ada.keyboard.press('Control+ArrowRight');
  await expect.poll(() => sharedText(ada, FILE)).toBe(`${before}\nconst word = cartTotal`);
});

test('Esc dismisses a suggestion; the status bar turns autocomplete off for this person', async ({ tandem }) => {
  const ada = await tandem.open('Ada', FILE);
  const before = await sharedText(ada, FILE);
  await newLineAtEnd(ada);
  await ada.keyboard.type('const again = cartT', { delay: 40 });
  await expect(ada.locator(GHOST).first()).toBeVisible();
  await ada.keyboard.press('Escape');
  await expect(ada.locator(GHOST)).toHaveCount(0);
  await expect.poll(() => sharedText(ada, FILE)).toBe(`${before}\nconst again = cartT`);

  const status = ada.getByTestId('autocomplete-status');
  await status.click();
  await expect(status).toHaveAttribute('data-state', 'off');
  const asked = await requestsOf(ada);
  await caretAtLineEnd(ada, (await sharedText(ada, FILE)).split('\n').length);
  await ada.keyboard.type('otal', { delay: 40 });
  await ada.waitForTimeout(800);
  await expect(ada.locator(GHOST)).toHaveCount(0);
  expect(await requestsOf(ada)).toBe(asked);
  await ada.reload();
  await expect(ada.getByTestId('autocomplete-status')).toHaveAttribute('data-state', 'off');
});

/**
 * Marks each keydown open until a timer set at that keydown runs, and notes which key was open
 * when a `complete/request` frame left the page (0: none, a later task sent it).
 */
const KEY_TASK_PROBE = `(() => {
  const probe = (window.__keyTask = { key: 0, open: 0, sends: [] });
  window.addEventListener('keydown', () => {
    const key = ++probe.key;
    probe.open = key;
    setTimeout(() => { if (probe.open === key) probe.open = 0; }, 0);
  }, true);
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"complete/request"')) probe.sends.push(probe.open);
    return send.call(this, data);
  };
})()`;
/** The page's window once KEY_TASK_PROBE ran in it. */
type KeyTaskWindow = { __keyTask: { sends: number[] } };

test('with the model faster than the typing, a request leaves in the keystroke’s own task', async ({ tandem }) => {
  const ada = await tandem.open('Ada', FILE);
  await newLineAtEnd(ada);
  // A suggestion first: the lane's TTFT (30 ms) is measured, shorter than this typing's gaps.
  // Gaps of 300 ms: on a loaded machine the TTFT the server measures stays shorter than them.
  await ada.keyboard.type('const one = cartT', { delay: 300 });
  await expect(ada.locator(GHOST).first()).toBeVisible();
  await ada.keyboard.press('Escape');
  await ada.evaluate(KEY_TASK_PROBE);
  await ada.keyboard.press('Enter');
  await ada.keyboard.type('const two = c', { delay: 300 });
  await expect(ada.getByTestId('metric-complete-pause')).toHaveAttribute('data-rule', 'ttft');
  // From here the rule is `ttft` (before it, a slow first TTFT may have chosen the rhythm rule's timer).
  await ada.evaluate(() => void ((window as unknown as KeyTaskWindow).__keyTask.sends.length = 0));
  await ada.keyboard.type('artT', { delay: 300 });
  await expect(ada.locator(GHOST).first()).toBeVisible();
  const sends = await ada.evaluate(() => (window as unknown as KeyTaskWindow).__keyTask.sends);
  // Every request since left from its key's own task: none waited for Monaco's timer to call the provider.
  expect(sends.length).toBeGreaterThan(0);
  expect(sends.filter((key) => key === 0)).toEqual([]);
});
