// Monaco's TypeScript service starts only once the page is quiet, never beside a turn (issue 16,
// lib/client/languageServiceGate.ts): a file's type errors show after a pause in typing, and an
// instruction box opened as the file shows keeps the service waiting until it closes. The status
// bar's language item tells which (data-service: waiting, starting, ready).
import { caretAtLineEnd, expect, instructionBoxOn, test } from './harness';

const FILE = 'src/cart.ts';

test('type errors show once the page is quiet', async ({ tandem }) => {
  const page = await tandem.open('Ada', FILE);
  await caretAtLineEnd(page, 1);
  await page.keyboard.type('\nconst broken: number = "not a number";', { delay: 10 });
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('language')).toHaveAttribute('data-service', 'ready');
});

test('an instruction box open as the file shows keeps type checking waiting until it closes', async ({ tandem }) => {
  const page = await tandem.open('Ada', FILE);
  await instructionBoxOn(page, 1, 2);
  const language = page.getByTestId('language');
  await expect(language).toHaveAttribute('data-service', 'waiting');
  await expect(language).toContainText('checks wait for a pause');
  // Well past the quiet time (1.5 s), with the box still open: still waiting.
  await page.waitForTimeout(3000);
  await expect(page.getByTestId('instruction-input')).toBeVisible();
  await expect(language).toHaveAttribute('data-service', 'waiting');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('instruction-input')).toBeHidden();
  await expect(language).toHaveAttribute('data-service', 'ready', { timeout: 30_000 });
});
