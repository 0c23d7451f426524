// A run that finishes after a kill -9 of the server, as a person sees it: Ada delegates a run
// whose validation takes a few seconds; while it validates, Tandem is killed with SIGKILL and
// started again on the same port and data folder. Her page reconnects by itself, the run goes
// back to running (restarted from its snapshot), its evidence says so, and it ends succeeded.
import fs from 'node:fs';
import path from 'node:path';
import { startServerProcess } from '../server/testing/serverProcess';
import { expect, RUN_FINISHED, selectLines, test, TOKEN } from './harness';

const ENV = { TANDEM_SIM_STRONG_TPS: '4000', TANDEM_SIM_FAST_TPS: '2000', TANDEM_SIM_TTFT_MS: '20' };
test.use({ serverEnv: ENV });

const FILE = 'src/cart.ts';

test('a run killed mid-validation by a crash of the server restarts and succeeds', async ({ tandem }) => {
  // Long enough to kill the server while it runs, short enough to run twice.
  fs.writeFileSync(path.join(tandem.workspace, 'tandem.json'), JSON.stringify({ validation: 'sleep 4 && npm test' }));
  const ada = await tandem.open('Ada', FILE);
  await selectLines(ada, 14, 20);
  await ada.keyboard.press('Control+k');
  await ada.getByTestId('instruction-input').fill('rename total to sum');
  await ada.getByTestId('delegate').click();

  const item = ada.getByTestId('run-list').getByTestId('run-item').first();
  const evidence = ada.getByTestId('run-evidence');
  const validating = evidence.locator('[data-testid="evidence-item"][data-kind="validation"]');
  await expect(validating.first()).toBeVisible(RUN_FINISHED);
  await expect(item).toHaveAttribute('data-status', 'running');

  await tandem.server.kill('SIGKILL');
  await expect(ada.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
  const again = await startServerProcess({
    workspace: tandem.workspace,
    dataDir: tandem.dataDir,
    port: Number(new URL(tandem.url).port),
    token: TOKEN,
    env: { TANDEM_HEADLESS: '0', ...ENV },
  });
  try {
    await expect(ada.getByTestId('connection')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    const restarted = evidence.locator('[data-testid="evidence-item"]', {
      hasText: 'Restarted after the server stopped (restart 1 of 2)',
    });
    await expect(restarted).toHaveCount(1, { timeout: 30_000 });
    await expect(item).toHaveAttribute('data-status', 'running');
    await expect(item).toHaveAttribute('data-status', 'succeeded', RUN_FINISHED);
    await expect(restarted).toHaveCount(1);
    await expect(ada.getByTestId('run-verdict')).toContainText('passed');
  } finally {
    await again.kill('SIGKILL');
  }
});
