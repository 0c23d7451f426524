// The dashboard in cluster mode, in Chromium against two production web nodes sharing one real
// redis-server: each node side by side with the people connected to it, the cluster's total, and a
// node killed with SIGKILL shown as not answering.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startRedis, type TestRedis } from '../server/testing/redis';
import { startServerProcess, type ServerProcess } from '../server/testing/serverProcess';
import { TOKEN } from './harness';

let redis: TestRedis;
const servers: ServerProcess[] = [];
test.beforeAll(async () => {
  redis = await startRedis();
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGTERM')));
  await redis.stop();
});

async function webNode(nodeId: string, workspace: string, root: string): Promise<ServerProcess> {
  const server = await startServerProcess({
    workspace,
    dataDir: path.join(root, nodeId),
    token: TOKEN,
    env: { TANDEM_HEADLESS: '0', REDIS_URL: redis.url, TANDEM_NODE_ID: nodeId, TANDEM_RUN_CONCURRENCY: '0' },
  });
  servers.push(server);
  return server;
}

const row = (page: Page, node: string) => page.locator(`[data-testid="cluster-node"][data-node="${node}"]`);

test('the dashboard shows every web node side by side, and a node that stopped as down', async ({ browser }) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-e2e-cluster-'));
  const workspace = path.join(root, 'ws');
  fs.cpSync(path.resolve('server/workspace/sample'), workspace, { recursive: true });
  const a = await webNode('e2e-a', workspace, root);
  const b = await webNode('e2e-b', workspace, root);
  const open = async (url: string, name: string) => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/?token=${TOKEN}&name=${name}`);
    await expect(page.getByTestId('file-tree')).toBeVisible();
    return page;
  };
  const ada = await open(a.url, 'Ada');
  await open(b.url, 'Bo');
  await open(b.url, 'Cy');

  await ada.getByTestId('dashboard-open').click();
  await expect(ada.getByTestId('cluster-view')).toBeVisible();
  await expect(row(ada, 'e2e-a')).toHaveAttribute('data-up', 'true');
  await expect(row(ada, 'e2e-a')).toHaveAttribute('data-self', 'true');
  await expect(row(ada, 'e2e-b').getByTestId('node-people')).toHaveAttribute('data-value', '2');
  await expect(row(ada, 'e2e-a').getByTestId('node-people')).toHaveAttribute('data-value', '1');
  await expect(ada.getByTestId('cluster-total').getByTestId('node-people')).toHaveAttribute('data-value', '3');

  await b.kill('SIGKILL');
  await expect(row(ada, 'e2e-b')).toHaveAttribute('data-up', 'false');
  await expect(ada.getByTestId('cluster-total')).toHaveAttribute('data-nodes-down', '1');
  await expect(ada.getByTestId('cluster-total').getByTestId('node-people')).toHaveAttribute('data-value', '1');
});
