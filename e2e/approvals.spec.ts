// Approvals for agent commands, as people see them: the workspace's tandem.json makes the
// agent's `npm test` ask; the run waits with the command shown in its evidence, a collaborator
// allows it in the runs panel, and the run goes on to succeed with the decision and its author
// in the evidence.
import fs from 'node:fs';
import path from 'node:path';
import { expect, RUN_FINISHED, selectLines, test } from './harness';

test.use({ serverEnv: { TANDEM_SIM_STRONG_TPS: '4000', TANDEM_SIM_FAST_TPS: '2000', TANDEM_SIM_TTFT_MS: '20' } });

const FILE = 'src/cart.ts';

test('a command that needs approval waits, is allowed in the UI, and the run succeeds', async ({ tandem }) => {
  fs.writeFileSync(
    path.join(tandem.workspace, 'tandem.json'),
    JSON.stringify({ approvals: { ask: ['npm test'] } }, null, 2),
  );
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', FILE);

  await selectLines(ada, 14, 20);
  await ada.keyboard.press('Control+k');
  await ada.getByTestId('instruction-input').fill('rename total to sum');
  await ada.getByTestId('delegate').click();

  const item = ada.getByTestId('run-list').getByTestId('run-item').first();
  const runId = await item.getAttribute('data-run-id');
  expect(runId).toBeTruthy();
  const request = ada.getByTestId('run-evidence').getByTestId('approval-request');
  await expect(request).toBeVisible(RUN_FINISHED);
  await expect(request).toHaveAttribute('data-command', 'npm test');
  await expect(request).toContainText('Run started by Ada');
  await expect(request).toContainText('tandem.json approvals.ask "npm test"');
  // It waits: still running, and the command has not run.
  await expect(item).toHaveAttribute('data-status', 'running');
  await expect(
    ada.getByTestId('run-evidence').locator('[data-testid="evidence-item"][data-kind="command"]'),
  ).toHaveCount(0);

  // Bo, a collaborator, sees the same question in the run's evidence and allows it.
  await bo.getByTestId('panel-tab-runs').click();
  await bo.locator(`[data-testid="run-item"][data-run-id="${runId}"]`).click();
  const boRequest = bo.getByTestId('run-evidence').getByTestId('approval-request');
  await expect(boRequest).toHaveAttribute('data-command', 'npm test');
  await boRequest.getByTestId('approval-allow').click();

  await expect(item).toHaveAttribute('data-status', 'succeeded', RUN_FINISHED);
  await expect(request).toHaveCount(0);
  const decided = ada.getByTestId('run-evidence').locator('[data-testid="evidence-item"][data-kind="approval"]');
  await expect(decided).toHaveAttribute('data-outcome', 'allow');
  await expect(decided).toContainText('allowed by Bo');
  await expect(
    ada.getByTestId('run-evidence').locator('[data-testid="evidence-item"][data-kind="command"]'),
  ).toContainText('exit 0');
  await expect(ada.getByTestId('run-verdict')).toContainText('validated: `npm test` passed');
});
