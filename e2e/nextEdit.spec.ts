// Next-edit suggestions as people meet them: Ann renames a variable and sees, on the next use of
// the old name, a small ghost diff with "Tab to jump, Tab to accept"; Tab jumps there, Tab applies
// it as one shared edit (Bo sees the text, never the suggestion) and the next use is suggested;
// Esc dismisses; the accepted edit is one undo step; typing elsewhere dismisses a suggestion.
import { CART as FILE, cartLine as line, renameTotal } from './cartEdits';
import { expect, sharedText, test } from './harness';

test.use({ serverEnv: { TANDEM_SIM_TTFT_MS: '30' } });

test('a rename suggests the next use: Tab jumps, Tab accepts for everyone, Esc dismisses; only Ann sees it', async ({
  tandem,
}) => {
  const ann = await tandem.open('Ann', FILE);
  const bo = await tandem.open('Bo', FILE);
  const before = await sharedText(ann, FILE);
  await renameTotal(ann);

  const suggestion = ann.getByTestId('next-edit');
  await expect(suggestion).toHaveAttribute('data-line', '17');
  await expect(suggestion).toHaveAttribute('data-state', 'offered');
  await expect(ann.getByTestId('next-edit-hint')).toHaveText('Tab to jump, Tab to accept');
  await expect(suggestion).toContainText('sim-fast (simulated)');
  await expect(suggestion.locator('.tandem-next-edit-old')).toHaveText('total');
  await expect(suggestion.locator('.tandem-next-edit-new')).toHaveText('sum');
  await expect(bo.getByTestId('next-edit')).toHaveCount(0);

  await ann.keyboard.press('Tab');
  await expect(suggestion).toHaveAttribute('data-state', 'jumped');
  expect(await line(ann, 17)).toBe('    total += lineTotal(item);');
  await ann.keyboard.press('Tab');
  await expect.poll(() => line(bo, 17)).toBe('    sum += lineTotal(item);');
  expect(await line(ann, 15)).toBe('  let sum = 0;');
  await expect(bo.getByTestId('next-edit')).toHaveCount(0);

  // The accepted edit is an edit of Ann's like any other: the next use follows.
  await expect(suggestion).toHaveAttribute('data-line', '19');
  await ann.keyboard.press('Escape');
  await expect(ann.getByTestId('next-edit')).toHaveCount(0);
  expect(await line(ann, 19)).toBe('  return total;');

  // Accepting was one undo step of its own: the rename typed before it stays.
  await ann.keyboard.press('Control+z');
  await expect.poll(() => line(bo, 17)).toBe('    total += lineTotal(item);');
  expect(await line(bo, 15)).toBe('  let sum = 0;');
  expect((await sharedText(bo, FILE)).length).toBe(before.length - 2);
  await expect(bo.getByTestId('next-edit')).toHaveCount(0);
});

test('typing elsewhere dismisses a suggestion', async ({ tandem }) => {
  const ann = await tandem.open('Ann', FILE);
  await renameTotal(ann);
  await expect(ann.getByTestId('next-edit')).toHaveAttribute('data-line', '17');
  await ann.keyboard.press('End');
  await ann.keyboard.type(' // zero', { delay: 40 });
  await expect(ann.getByTestId('next-edit')).toHaveCount(0);
  await ann.waitForTimeout(1_000);
  await expect(ann.getByTestId('next-edit')).toHaveCount(0);
  expect(await line(ann, 17)).toBe('    total += lineTotal(item);');
});
