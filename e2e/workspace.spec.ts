// The spine, as a person meets it: the IDE renders offline with highlighting, two people edit
// the same file live, undo is per person, and saving writes the file on disk.
import fs from 'node:fs';
import path from 'node:path';
import { caretAtLineEnd, expect, openFile, sharedText, test, TOKEN } from './harness';

test('the editor renders offline with syntax highlighting', async ({ tandem, browser }, testInfo) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  await page.goto(`${tandem.url}/?token=${TOKEN}&name=Solo`);
  await expect(page.locator('[data-testid="file-item"][data-path="src/cart.ts"]')).toBeVisible();
  await openFile(page, 'src/cart.ts');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('export function cartTotal');
  const tokenClasses = await page
    .locator('.monaco-editor .view-lines span[class^="mtk"]')
    .evaluateAll((els) => new Set(els.map((e) => e.className)).size);
  expect(tokenClasses).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('presence-user')).toHaveCount(1);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const shot = testInfo.outputPath('editor.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('editor', { path: shot, contentType: 'image/png' });
  expect(outside).toEqual([]);
  await context.close();
});

test('two people edit the same file live, each undoing only their own edits', async ({ tandem }) => {
  const ada = await tandem.open('Ada', 'src/format.ts');
  const bo = await tandem.open('Bo', 'src/format.ts');
  await expect(ada.getByTestId('presence-user')).toHaveCount(2);
  await expect(ada.locator('[data-testid="presence-user"][data-name="Bo"]')).toBeVisible();

  await caretAtLineEnd(ada, 4);
  await ada.keyboard.type('\n  // from Ada');
  await expect(bo.locator('.monaco-editor .view-lines')).toContainText('// from Ada');

  await caretAtLineEnd(bo, 1);
  await bo.keyboard.type('\n  // from Bo');
  await expect(ada.locator('.monaco-editor .view-lines')).toContainText('// from Bo');
  await expect(ada.locator('.tandem-remote-cursor')).toHaveCount(1);
  // Bo's cursor shows where Bo is, and follows a move that is not an edit.
  const boLine = ada.locator('.view-line', { hasText: '// from Bo' });
  await expect(boLine.locator('.tandem-remote-cursor')).toHaveCount(1);
  await bo.keyboard.press('ArrowUp');
  await expect(boLine.locator('.tandem-remote-cursor')).toHaveCount(0);
  await expect(ada.locator('.tandem-remote-cursor')).toHaveCount(1);

  await ada.keyboard.press('Control+z');
  await expect(bo.locator('.monaco-editor .view-lines')).not.toContainText('// from Ada');
  const text = await sharedText(bo, 'src/format.ts');
  expect(text).toContain('// from Bo');
  expect(text).not.toContain('// from Ada');
  expect(await sharedText(ada, 'src/format.ts')).toBe(text);
});

test('Ctrl+S writes the file on disk', async ({ tandem }) => {
  const page = await tandem.open('Saver', 'src/format.ts');
  await caretAtLineEnd(page, 1);
  await page.keyboard.type('\n  // saved from the browser');
  await page.keyboard.press('Control+s');
  const file = path.join(tandem.workspace, 'src/format.ts');
  await expect.poll(() => fs.readFileSync(file, 'utf8')).toContain('// saved from the browser');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
});

test('another program’s changes show up live: new and removed files in the tree, edits in the open file', async ({
  tandem,
}) => {
  const page = await tandem.open('Watcher', 'src/format.ts');
  const fresh = page.locator('[data-testid="file-item"][data-path="tools/fresh.ts"]');
  await expect(fresh).toHaveCount(0);
  fs.mkdirSync(path.join(tandem.workspace, 'tools'));
  fs.writeFileSync(path.join(tandem.workspace, 'tools/fresh.ts'), 'export const fresh = 1;\n');
  await expect(fresh).toBeVisible();
  fs.rmSync(path.join(tandem.workspace, 'tools'), { recursive: true });
  await expect(fresh).toHaveCount(0);
  const file = path.join(tandem.workspace, 'src/format.ts');
  fs.writeFileSync(file, `// edited outside Tandem\n${fs.readFileSync(file, 'utf8')}`);
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('// edited outside Tandem');
});

test('new and deleted files from the tree: the new file opens for typing, a delete closes it for everyone', async ({
  tandem,
}) => {
  const ada = await tandem.open('Ada');
  const bo = await tandem.open('Bo');
  await ada.getByTestId('file-new').click();
  await ada.getByTestId('file-new-input').fill('src/notes.ts');
  await ada.getByTestId('file-new-input').press('Enter');
  await expect(ada.getByTestId('editor')).toHaveAttribute('data-path', 'src/notes.ts');
  await expect(bo.locator('[data-testid="file-item"][data-path="src/notes.ts"]')).toBeVisible();
  await ada.locator('.monaco-editor .view-lines').click();
  await ada.keyboard.type('export const note = 1;');
  await ada.keyboard.press('Control+s');
  const file = path.join(tandem.workspace, 'src/notes.ts');
  await expect.poll(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8')).toBe('export const note = 1;');

  await openFile(bo, 'src/notes.ts');
  bo.once('dialog', (d) => void d.accept());
  const row = bo.locator('[data-testid="file-item"][data-path="src/notes.ts"]');
  await row.hover();
  await row.getByTestId('file-delete').click();
  await expect(ada.locator('[data-testid="tab"][data-path="src/notes.ts"]')).toHaveCount(0);
  await expect(ada.getByTestId('notice').filter({ hasText: 'src/notes.ts was deleted by Bo' })).toHaveCount(1);
  await expect(ada.locator('[data-testid="file-item"][data-path="src/notes.ts"]')).toHaveCount(0);
  expect(fs.existsSync(file)).toBe(false);
});

test('opening the file already open resolves, from a script and from the tree', async ({ tandem }) => {
  const page = await tandem.open('Opal', 'src/cart.ts');
  /** Starts window.tandem.openFile in the page; the returned poll reads whether it has resolved. */
  const startOpen = async (file: string) => {
    const key = await page.evaluate((f) => {
      const k = `opened:${f}:${Math.random()}`;
      void window.tandem!.openFile(f).then(() => ((window as unknown as Record<string, boolean>)[k] = true));
      return k;
    }, file);
    return () => page.evaluate((k) => (window as unknown as Record<string, boolean>)[k] === true, key);
  };

  await expect.poll(await startOpen('src/cart.ts')).toBe(true);
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', 'src/cart.ts');

  await expect.poll(await startOpen('src/format.ts')).toBe(true);
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', 'src/format.ts');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('export function');

  const row = page.locator('[data-testid="file-item"][data-path="src/format.ts"]');
  await row.click();
  await row.click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', 'src/format.ts');
  await expect(page.getByTestId('tab')).toHaveCount(2);
  await caretAtLineEnd(page, 1);
  await page.keyboard.type(' // still editable');
  await expect.poll(() => sharedText(page, 'src/format.ts')).toContain(' // still editable');
  await expect.poll(await startOpen('src/format.ts')).toBe(true);
});

test('a wrong token is refused with a clear message', async ({ tandem, page }) => {
  const res = await page.goto(`${tandem.url}/?token=wrong-token-123456`);
  expect(res?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('workspace token is wrong');
});
