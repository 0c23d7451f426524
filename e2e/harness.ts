// Playwright fixtures: each test gets its own Tandem server process (production build, real
// Socket.IO, real SQLite) on a free port, with a fresh copy of the sample workspace, and helpers
// to open pages as named people.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../server/testing/serverProcess';

export const TOKEN = 'e2e-token-0123456789';

type Tandem = {
  url: string;
  workspace: string;
  dataDir: string;
  server: ServerProcess;
  open(name: string, file?: string): Promise<Page>;
};

/** `serverConfig`, when given, is the server's tandem.config.json (models section). */
export const test = base.extend<{ tandem: Tandem; serverEnv: Record<string, string>; serverConfig: object | null }>({
  serverEnv: [{}, { option: true }],
  serverConfig: [null, { option: true }],
  tandem: async ({ browser, serverEnv, serverConfig }, use) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-'));
    const configFile = path.join(root, 'tandem.config.json');
    if (serverConfig) fs.writeFileSync(configFile, JSON.stringify(serverConfig));
    const workspace = path.join(root, 'ws');
    fs.cpSync(path.resolve('server/workspace/sample'), workspace, { recursive: true });
    const dataDir = path.join(root, 'data');
    const server = await startServerProcess({
      workspace,
      dataDir,
      token: TOKEN,
      env: {
        TANDEM_HEADLESS: '0',
        TANDEM_AUTOSAVE_MS: '400',
        ...(serverConfig ? { TANDEM_CONFIG: configFile } : {}),
        ...serverEnv,
      },
    });
    const pages: Page[] = [];
    const open = async (name: string, file?: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      pages.push(page);
      await page.goto(`${server.url}/?token=${TOKEN}&name=${encodeURIComponent(name)}`);
      await expect(page.getByTestId('file-tree')).toBeVisible();
      if (file) await openFile(page, file);
      return page;
    };
    await use({ url: server.url, workspace, dataDir, server, open });
    await Promise.all(pages.map((p) => p.context().close()));
    await server.kill('SIGTERM');
  },
});

export async function openFile(page: Page, file: string): Promise<void> {
  await page.locator(`[data-testid="file-item"][data-path="${file}"]`).click();
  await expect(page.getByTestId('editor')).toHaveAttribute('data-path', file);
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
}

/** Clicks into the active editor and moves the caret down to a line (1-based), using the keyboard. */
async function caretToLine(page: Page, line: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
}

/** Puts the caret at the end of a line (1-based) of the active editor, using the keyboard. */
export async function caretAtLineEnd(page: Page, line: number): Promise<void> {
  await caretToLine(page, line);
  await page.keyboard.press('End');
}

/** Selects whole lines `from`..`to` (1-based) of the active editor, using the keyboard. */
export async function selectLines(page: Page, from: number, to: number): Promise<void> {
  await caretToLine(page, from);
  await page.keyboard.press('Home');
  await page.keyboard.press('Home');
  for (let i = from; i <= to; i++) await page.keyboard.press('Shift+ArrowDown');
}

/** Selects lines `from`..`to` and opens the instruction box on them (Ctrl+K), focused. */
export async function instructionBoxOn(page: Page, from: number, to: number): Promise<void> {
  await selectLines(page, from, to);
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('instruction-input')).toBeFocused();
}

/** How long a background run may take to finish: its validation starts node and tsx, slow on a loaded machine. */
export const RUN_FINISHED = { timeout: 120_000 };

export const sharedText = (page: Page, file: string) => page.evaluate((f) => window.tandem!.getText(f), file);

export { expect };

/** The sample's src/cart.ts with the `total` accumulator of lines 14–20 renamed (what a rename ghost applies). */
export function cartTotalRenamed(before: string, name: string): string {
  const renamed = before.replace(
    /let total = 0;\n {2}for \(const item of items\) \{\n {4}total \+= lineTotal\(item\);\n {2}\}\n {2}return total;/,
    `let ${name} = 0;\n  for (const item of items) {\n    ${name} += lineTotal(item);\n  }\n  return ${name};`,
  );
  if (renamed === before) throw new Error('src/cart.ts no longer has the total loop the rename tests expect');
  return renamed;
}
