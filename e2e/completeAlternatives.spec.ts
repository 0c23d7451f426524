// Alternatives as a person meets them: Alt+] asks for the other candidates and shows the next one
// as ghost text, Alt+[ goes back, Tab accepts the one shown — into the shared text, which is all
// a collaborator sees (never the candidates).
import { caretAtLineEnd, expect, sharedText, test } from './harness';

test.use({ serverEnv: { TANDEM_SIM_TTFT_MS: '30' } });

const FILE = 'src/cart.ts';
const GHOST = '[data-testid="editor"] .ghost-text-decoration, [data-testid="editor"] .ghost-text';

test('Alt+] shows another candidate, Alt+[ the previous one; Tab accepts the one shown', async ({ tandem }) => {
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', FILE);
  const before = await sharedText(ada, FILE);
  await caretAtLineEnd(ada, before.split('\n').length);
  await ada.keyboard.press('Enter');
  await ada.keyboard.type('const alt = cartT', { delay: 40 });
  // The line as Ada sees it, ghost text included (Monaco draws it inside the line).
  const line = ada.locator('[data-testid="editor"] .view-line', { hasText: 'alt' });
  await expect(ada.locator(GHOST).first()).toBeVisible();
  await expect(line).toHaveText(/cartTotal\(items\);$/);

  // The simulator's other candidates here: `otal(items)` and `otal` (simFills).
  await ada.keyboard.press('Alt+BracketRight');
  await expect(line).toHaveText(/cartTotal\(items\)$/);
  await ada.keyboard.press('Alt+BracketLeft');
  await expect(line).toHaveText(/cartTotal\(items\);$/);
  await ada.keyboard.press('Alt+BracketRight');
  await ada.keyboard.press('Alt+BracketRight');
  await expect(line).toHaveText(/cartTotal$/);
  await expect(bo.locator(GHOST)).toHaveCount(0);

  await ada.keyboard.press('Tab');
  const expected = `${before}\nconst alt = cartTotal`;
  await expect.poll(() => sharedText(ada, FILE)).toBe(expected);
  await expect.poll(() => sharedText(bo, FILE)).toBe(expected);
  // Ada may be offered a new suggestion at her new cursor (`(items);`); Bo sees none of hers.
  await expect(bo.locator(GHOST)).toHaveCount(0);
});
