// A dropped connection mid-stream, as a person meets it: Ada's browser reaches Tandem through a
// TCP proxy that the test cuts while her ghost streams. Her page reconnects by itself; the ghost
// is still hers and still on screen (it went on streaming meanwhile), and Esc, a redirect and
// Accept work as if nothing happened; Bo, connected directly, sees the result. And a crash: the
// server killed with SIGKILL mid-stream and started again on the same port — the pages reconnect
// by themselves and show the turn as interrupted with its recorded output, which Ada accepts.
import net from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { heldFirstFastStream } from '../server/testing/heldStream';
import { startServerProcess } from '../server/testing/serverProcess';
import { cartTotalRenamed, expect, instructionBoxOn, openFile, sharedText, test, TOKEN } from './harness';

test.use({
  serverEnv: { TANDEM_SIM_FAST_TPS: '200', TANDEM_SIM_TTFT_MS: '50' },
  serverConfig: heldFirstFastStream(20),
});

const FILE = 'src/cart.ts';

/** A TCP proxy to `target`; `cut()` drops every connection through it (new ones still go through). */
async function tcpProxy(target: URL) {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut: () => open.forEach((s) => s.destroy()),
    close: () => new Promise<void>((resolve) => (open.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

async function openThrough(page: Page, url: string, name: string): Promise<void> {
  await page.goto(`${url}/?token=${TOKEN}&name=${encodeURIComponent(name)}`);
  await expect(page.getByTestId('file-tree')).toBeVisible();
  await openFile(page, FILE);
}

test('a ghost survives a dropped connection and is steered and accepted after it', async ({ tandem, browser }) => {
  const proxy = await tcpProxy(new URL(tandem.url));
  const context = await browser.newContext();
  try {
    const ada = await context.newPage();
    await openThrough(ada, proxy.url, 'Ada');
    const bo = await tandem.open('Bo', FILE);
    const before = await sharedText(ada, FILE);

    await instructionBoxOn(ada, 14, 20);
    await ada.getByTestId('instruction-input').fill('rename total to sum');
    await ada.getByTestId('instruction-input').press('Enter');
    const status = ada.getByTestId('ghost-status');
    await expect(status).toHaveAttribute('data-state', 'streaming');
    await expect(ada.locator('.tandem-ghost-insert').first()).toBeVisible();

    proxy.cut();
    await expect(ada.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
    await expect(ada.getByTestId('connection')).toHaveAttribute('data-state', 'connected');
    // Still her ghost, still streaming (the held stream is where it was), watched by Bo throughout.
    await expect(status).toHaveAttribute('data-state', 'streaming');
    await expect(ada.locator('.tandem-ghost-insert').first()).toBeVisible();
    await expect(bo.locator('.tandem-ghost-label')).toContainText('Ada');

    await ada.getByTestId('instruction-input').focus();
    await ada.getByTestId('instruction-input').press('Escape');
    await expect(status).toHaveAttribute('data-state', 'interrupted');
    await ada.getByTestId('instruction-input').fill('rename total to amount instead');
    await ada.getByTestId('instruction-input').press('Enter');
    await expect(status).toHaveAttribute('data-state', 'done');
    await ada.getByTestId('accept-edit').click();
    await expect(status).toHaveAttribute('data-state', 'idle');
    const expected = cartTotalRenamed(before, 'amount');
    await expect.poll(() => sharedText(bo, FILE)).toBe(expected);
    await expect(bo.locator('.tandem-ghost-label')).toHaveCount(0);
  } finally {
    await context.close();
    await proxy.close();
  }
});

test('after a crash mid-stream the pages come back to the turn, interrupted, and its asker accepts it', async ({
  tandem,
}) => {
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', FILE);
  await instructionBoxOn(ada, 14, 20);
  await ada.getByTestId('instruction-input').fill('rename total to sum');
  await ada.getByTestId('instruction-input').press('Enter');
  const status = ada.getByTestId('ghost-status');
  await expect(status).toHaveAttribute('data-state', 'streaming');
  await expect(bo.locator('.tandem-ghost-label')).toContainText('Ada');
  // The transcript takes a streaming turn's output every half second.
  await ada.waitForTimeout(1500);

  await tandem.server.kill('SIGKILL');
  await expect(ada.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
  const port = new URL(tandem.url).port;
  const again = await startServerProcess({
    workspace: tandem.workspace,
    dataDir: tandem.dataDir,
    port: Number(port),
    token: TOKEN,
    env: {
      TANDEM_HEADLESS: '0',
      TANDEM_CONFIG: path.join(path.dirname(tandem.workspace), 'tandem.config.json'),
    },
  });
  try {
    await expect(ada.getByTestId('connection')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(status).toHaveAttribute('data-state', 'interrupted');
    await expect(ada.locator('.tandem-ghost-insert').first()).toBeVisible();
    await expect(bo.locator('.tandem-ghost-label')).toContainText('Ada');

    await ada.getByTestId('accept-edit').click();
    await expect(status).toHaveAttribute('data-state', 'idle');
    await expect(bo.locator('.tandem-ghost-label')).toHaveCount(0);
    const accepted = await sharedText(ada, FILE);
    await expect.poll(() => sharedText(bo, FILE)).toBe(accepted);
  } finally {
    await again.kill('SIGKILL');
  }
});
