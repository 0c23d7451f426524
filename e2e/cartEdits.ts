// Edits of the demo workspace's src/cart.ts that more than one spec makes (a rename a next-edit
// suggestion follows), so each spec says what it checks rather than how to type it.
import type { Page } from '@playwright/test';
import { caretAtLineEnd, expect, sharedText } from './harness';

export const CART = 'src/cart.ts';

/** Line `n` (1-based) of the shared text of src/cart.ts as `page` holds it. */
export const cartLine = async (page: Page, n: number) => (await sharedText(page, CART)).split('\n')[n - 1];

/** Renames `let total` on line 15 to `let sum` with the keyboard: select the word, type over it. */
export async function renameTotal(page: Page): Promise<void> {
  await caretAtLineEnd(page, 15);
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+ArrowRight');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.type(' sum', { delay: 40 });
  await expect.poll(() => cartLine(page, 15)).toBe('  let sum = 0;');
}
