// The ghost prewarm (lib/client/ghost/prewarmGhost.ts) runs a throwaway ghost through the painter
// when the editor first shows a file, so the first real turn is not slower than the next ones. It
// must do that work for real and still be invisible: no frame may show it, and nothing remains.
import { expect, openFile, sharedText, test } from './harness';

const FILE = 'src/cart.ts';

test('the ghost prewarm paints into the editor, within one task: no frame shows it, nothing remains', async ({
  tandem,
}) => {
  const page = await tandem.open('Ada');
  await page.evaluate(() => {
    const seen = { added: 0, inFrame: 0 };
    (window as unknown as { prewarmSeen: typeof seen }).prewarmSeen = seen;
    const ghost = '.tandem-ghost-label, .tandem-ghost-zone, .tandem-ghost-delete, .tandem-ghost-pending';
    new MutationObserver((list) => {
      for (const m of list)
        for (const n of m.addedNodes)
          if (n instanceof Element && (n.matches(ghost) || n.querySelector(ghost))) seen.added++;
    }).observe(document.body, { subtree: true, childList: true });
    // requestAnimationFrame callbacks run just before each frame is rendered.
    const frame = () => {
      if (document.querySelector(ghost)) seen.inFrame++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await openFile(page, FILE);
  const before = await sharedText(page, FILE);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { prewarmSeen: { added: number } }).prewarmSeen.added))
    .toBeGreaterThan(0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(
    await page.evaluate(() => (window as unknown as { prewarmSeen: { inFrame: number } }).prewarmSeen.inFrame),
  ).toBe(0);
  await expect(
    page.locator('.tandem-ghost-label, .tandem-ghost-zone, .tandem-ghost-delete, .tandem-ghost-pending'),
  ).toHaveCount(0);
  expect(await sharedText(page, FILE)).toBe(before);
  await expect(page.getByTestId('ghost-status')).toHaveAttribute('data-state', 'idle');
});
