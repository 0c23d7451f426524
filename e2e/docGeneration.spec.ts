// A document started over while people type in it (issue 14's soak memory, docs/protocol.md
// doc/generation): with a tiny threshold, Ada's backspaces make the server swap the document to new
// generations under her. Her text stays, her caret stays where she types (the next key lands right
// after her word), and she sees Bo's edit; both pages and the server agree on every character.
import path from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { cartLine, renameTotal } from './cartEdits';
import { caretAtLineEnd, expect, sharedText, test } from './harness';

test.use({ serverEnv: { TANDEM_DOC_GENERATION_DELETED: '12' } });

const FILE = 'src/cart.ts';

function generationOf(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'tandem.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT generation FROM doc_generations').all() as { generation: number }[];
    return Math.max(0, ...rows.map((r) => r.generation));
  } finally {
    db.close();
  }
}

/** Types a word at the end of line 1 and backspaces it, a few times, until the server swaps generations. */
async function scratchUntilNewGeneration(page: Page, dataDir: string): Promise<void> {
  await caretAtLineEnd(page, 1);
  for (let round = 0; round < 4; round++) {
    await page.keyboard.type(' scratch', { delay: 20 });
    for (let i = 0; i < ' scratch'.length; i++) await page.keyboard.press('Backspace');
  }
  await expect.poll(() => generationOf(dataDir), { timeout: 30_000 }).toBeGreaterThan(0);
}

test('typing across document generations keeps the text, the caret and the other person’s edits', async ({
  tandem,
}) => {
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', FILE);
  await scratchUntilNewGeneration(ada, tandem.dataDir);
  await ada.keyboard.type(' // kept', { delay: 20 });
  await caretAtLineEnd(bo, 3);
  await bo.keyboard.type(' // from Bo', { delay: 20 });
  // The caret did not move across the swaps: the next key follows Ada's word.
  await ada.keyboard.type('!');
  await expect.poll(() => sharedText(ada, FILE)).toContain(' // kept!');
  await expect.poll(() => sharedText(ada, FILE)).toContain(' // from Bo');
  await expect.poll(async () => (await sharedText(bo, FILE)) === (await sharedText(ada, FILE))).toBe(true);
  const text = await sharedText(ada, FILE);
  expect(text.split(' // kept!').length - 1).toBe(1);
  expect(text.split(' // from Bo').length - 1).toBe(1);
  expect(text).not.toContain('scratch');
  await expect(ada.locator('.view-lines')).toContainText('// kept!');
  await expect(bo.locator('.view-lines')).toContainText('// kept!');
});

test('next-edit suggestions follow the document into a new generation', async ({ tandem }) => {
  const ada = await tandem.open('Ada', FILE);
  await scratchUntilNewGeneration(ada, tandem.dataDir);
  await ada.keyboard.press('Escape');
  await renameTotal(ada);
  const suggestion = ada.getByTestId('next-edit');
  await expect(suggestion).toHaveAttribute('data-line', '17');
  await ada.keyboard.press('Tab');
  await ada.keyboard.press('Tab');
  await expect.poll(() => cartLine(ada, 17)).toBe('    sum += lineTotal(item);');
});
