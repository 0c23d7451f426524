// The background lane as a person drives it: delegate an instruction, watch the run and its
// evidence stream in, review its diff hunk by hunk (accept one, reject one, accept one that a
// collaborator has meanwhile changed), apply — and both browsers see exactly the accepted change.
import fs from 'node:fs';
import path from 'node:path';
import { caretAtLineEnd, expect, RUN_FINISHED, selectLines, sharedText, test } from './harness';

test.use({ serverEnv: { TANDEM_SIM_STRONG_TPS: '4000', TANDEM_SIM_FAST_TPS: '2000', TANDEM_SIM_TTFT_MS: '20' } });

const FILE = 'src/cart.ts';
const NOTES = '# Notes <img src=x onerror=window.__xss=1>\\n';

test('delegate a run, watch its evidence, review per hunk, apply with a conflict flagged', async ({ tandem }) => {
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', FILE);
  const before = await sharedText(ada, FILE);
  const lines = before.split('\n');
  expect(lines[14]).toBe('  let total = 0;');
  expect(lines[16]).toBe('    total += lineTotal(item);');
  expect(lines[18]).toBe('  return total;');

  await selectLines(ada, 14, 20);
  await ada.keyboard.press('Control+k');
  await ada.getByTestId('instruction-input').fill('rename total to sum');
  await ada.getByTestId('delegate').click();

  const item = ada.getByTestId('run-list').getByTestId('run-item').first();
  await expect(item).toHaveAttribute('data-status', /queued|running|succeeded/);
  const runId = await item.getAttribute('data-run-id');
  expect(runId).toBeTruthy();
  const evidence = ada.getByTestId('run-evidence');
  await expect(evidence.locator('[data-testid="evidence-item"][data-kind="tool"]').first()).toBeVisible();
  await expect(evidence.locator('[data-testid="evidence-item"][data-kind="command"]')).toHaveCount(1);
  await expect(item).toHaveAttribute('data-status', 'succeeded', RUN_FINISHED);
  await expect(evidence.locator('[data-testid="evidence-item"][data-kind="validation"]')).toContainText('passed');
  await expect(ada.getByTestId('run-verdict')).toContainText('validated: `npm test` passed');
  expect(await sharedText(ada, FILE)).toBe(before);

  const file = ada.locator(`[data-testid="review-file"][data-path="${FILE}"]`);
  const hunks = file.getByTestId('review-hunk');
  await expect(hunks).toHaveCount(6);
  await hunks.nth(0).getByTestId('hunk-accept').click();
  await hunks.nth(1).getByTestId('hunk-reject').click();
  await hunks.nth(2).getByTestId('hunk-accept').click();
  await expect(hunks.nth(0)).toHaveAttribute('data-state', 'accepted');
  await expect(hunks.nth(1)).toHaveAttribute('data-state', 'rejected');

  // Bo changes the line of the third hunk after the run started: that hunk must conflict.
  await caretAtLineEnd(bo, 19);
  await bo.keyboard.type(' // checked');
  const withBo = before.replace('  return total;\n}', '  return total; // checked\n}');
  await expect.poll(() => sharedText(ada, FILE)).toBe(withBo);

  await ada.getByTestId('review-apply').click();
  await expect(hunks.nth(2).getByTestId('review-conflict')).toBeVisible();
  await expect(hunks.nth(2)).toHaveAttribute('data-state', 'conflict');
  await expect(hunks.nth(0)).toHaveAttribute('data-state', 'applied');
  await expect(hunks.nth(1)).toHaveAttribute('data-state', 'rejected');
  await expect(hunks.nth(3)).toHaveAttribute('data-state', 'pending');

  const expected = withBo.replace('  let total = 0;\n', '  let sum = 0;\n');
  expect(await sharedText(ada, FILE)).toBe(expected);
  await expect.poll(() => sharedText(bo, FILE)).toBe(expected);

  // The apply is one undo step of Ada's: Ctrl+Z takes back exactly the applied hunk.
  await ada.locator('.monaco-editor .view-lines').click();
  await ada.keyboard.press('Control+z');
  await expect.poll(() => sharedText(bo, FILE)).toBe(withBo);
  await ada.keyboard.press('Control+Shift+z');
  await expect.poll(() => sharedText(bo, FILE)).toBe(expected);

  // Bo sees the same run and the recorded outcome.
  await bo.getByTestId('panel-tab-runs').click();
  const boItem = bo.locator(`[data-testid="run-item"][data-run-id="${runId}"]`);
  await expect(boItem).toHaveAttribute('data-status', 'succeeded');
  await boItem.click();
  await expect(
    bo.locator(`[data-testid="review-file"][data-path="${FILE}"]`).getByTestId('review-hunk').nth(0),
  ).toHaveAttribute('data-state', 'applied');
  await expect(bo.getByTestId('run-evidence').locator('[data-testid="evidence-item"]').last()).toContainText(
    'Review by Ada',
  );
});

test('a run that adds and deletes files: accepting creates the new file and deletes the old one for everyone', async ({
  tandem,
}) => {
  // The validation runs in the run's snapshot, so the files it writes and removes are in the diff.
  fs.writeFileSync(
    path.join(tandem.workspace, 'tandem.json'),
    // The new file's text is the model's: markup in it must show as text, never run in the page.
    JSON.stringify({
      validation: `printf '${NOTES}' > NOTES.md && printf 'console.log(1);\\n' > src/debug.ts && rm -f README.md`,
    }),
  );
  const ada = await tandem.open('Ada', FILE);
  const bo = await tandem.open('Bo', 'README.md');
  await expect(bo.locator('[data-testid="tab"][data-path="README.md"]')).toBeVisible();

  await selectLines(ada, 14, 20);
  await ada.keyboard.press('Control+k');
  await ada.getByTestId('instruction-input').fill('rename total to sum');
  await ada.getByTestId('delegate').click();
  const item = ada.getByTestId('run-list').getByTestId('run-item').first();
  await expect(item).toHaveAttribute('data-status', 'succeeded', RUN_FINISHED);

  // The review lane reads the run's diff: its findings sit beside the hunks, not in the editor,
  // whose text is not the run's.
  await ada.getByTestId('run-review').click();
  const debug = ada.locator('[data-testid="review-file"][data-path="src/debug.ts"]');
  await expect(debug.getByTestId('review-hunk').getByTestId('run-finding')).toContainText('leftover console.log');
  await expect(ada.getByTestId('review-finding')).toHaveCount(0);
  await debug.getByTestId('run-finding').getByTestId('finding-dismiss').click();
  await expect(debug.getByTestId('run-finding')).toHaveCount(0);

  const added = ada.locator('[data-testid="review-file"][data-path="NOTES.md"]');
  await expect(added.getByTestId('review-hunk')).toContainText('<img src=x onerror=window.__xss=1>');
  const deleted = ada.locator('[data-testid="review-file"][data-path="README.md"]');
  await expect(added).toHaveAttribute('data-status', 'added');
  await expect(deleted).toHaveAttribute('data-status', 'deleted');
  await added.getByTestId('hunk-accept').click();
  await deleted.getByTestId('hunk-accept').click();
  await ada.getByTestId('review-apply').click();
  await expect(added.getByTestId('review-hunk')).toHaveAttribute('data-state', 'applied');
  await expect(deleted.getByTestId('review-hunk')).toHaveAttribute('data-state', 'applied');

  expect(fs.readFileSync(path.join(tandem.workspace, 'NOTES.md'), 'utf8')).toBe(NOTES.replace('\\n', '\n'));
  expect(await ada.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(fs.existsSync(path.join(tandem.workspace, 'README.md'))).toBe(false);
  await expect(bo.locator('[data-testid="file-item"][data-path="NOTES.md"]')).toBeVisible();
  await expect(bo.locator('[data-testid="file-item"][data-path="README.md"]')).toHaveCount(0);
  await expect(bo.locator('[data-testid="tab"][data-path="README.md"]')).toHaveCount(0);
  await expect(bo.getByTestId('notice').filter({ hasText: 'README.md was deleted by Ada' })).toHaveCount(1);
  // The rest of the run was not accepted, so the edited file is unchanged.
  expect(await sharedText(ada, FILE)).toContain('let total = 0;');
});
