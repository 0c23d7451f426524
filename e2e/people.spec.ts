// People and roles in the browser (issue 14): the owner invites a viewer from the Invite dialog,
// and the viewer can neither edit (typing changes nothing the owner sees) nor delegate; the owner
// revokes an editor mid-session, whose page says so, stops being connected, and whose edits after
// that never reach the owner.
import type { Browser, Page } from '@playwright/test';
import { caretAtLineEnd, expect, openFile, sharedText, test } from './harness';

const FILE = 'src/format.ts';

/** The owner makes an invitation in the dialog; its link, as the dialog shows it. */
async function inviteFromDialog(owner: Page, role: 'editor' | 'viewer', name: string): Promise<string> {
  if (!(await owner.getByTestId('invite-dialog').isVisible())) await owner.getByTestId('invite-open').click();
  await owner.getByTestId('invite-role').selectOption(role);
  await owner.getByTestId('invite-name').fill(name);
  await owner.getByTestId('invite-create').click();
  const url = owner.getByTestId('invite-url');
  await expect(url).toHaveValue(/\?token=/);
  return url.inputValue();
}

async function openInvited(browser: Browser, link: string, typedName: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${link}&name=${encodeURIComponent(typedName)}`);
  await expect(page.getByTestId('file-tree')).toBeVisible();
  await openFile(page, FILE);
  return page;
}

test('a viewer sees the file but cannot edit it or delegate', async ({ tandem, browser }) => {
  const owner = await tandem.open('Olga', FILE);
  await expect(owner.getByTestId('session-role')).toHaveAttribute('data-role', 'owner');
  const link = await inviteFromDialog(owner, 'viewer', 'Vic');
  await expect(owner.locator('[data-testid="invite-item"][data-role="viewer"]')).toHaveCount(1);

  const viewer = await openInvited(browser, link, 'Typed');
  try {
    await expect(viewer.getByTestId('session-role')).toHaveAttribute('data-role', 'viewer');
    // The invitation's name is the viewer's name to everyone.
    await expect(owner.locator('[data-testid="presence-user"][data-name="Vic"]')).toBeVisible();
    await expect(viewer.getByTestId('invite-open')).toHaveCount(0);
    const before = await sharedText(owner, FILE);
    expect(await sharedText(viewer, FILE)).toBe(before);

    await caretAtLineEnd(viewer, 1);
    await viewer.keyboard.type('\n// typed by the viewer');
    // A barrier: the owner's next edit reaches the viewer, so anything the viewer sent before it has arrived.
    await caretAtLineEnd(owner, 1);
    await owner.keyboard.type('\n// from the owner');
    await expect.poll(() => sharedText(viewer, FILE)).toContain('// from the owner');
    expect(await sharedText(owner, FILE)).not.toContain('typed by the viewer');
    expect(await sharedText(viewer, FILE)).not.toContain('typed by the viewer');
    await expect(viewer.locator('.monaco-editor .view-lines')).not.toContainText('typed by the viewer');

    await expect(viewer.getByTestId('delegate')).toBeDisabled();
    await expect(viewer.getByTestId('delegate')).toHaveAttribute('title', /viewer/);
    await caretAtLineEnd(viewer, 2);
    await viewer.keyboard.press('Control+k');
    await expect(viewer.getByTestId('instruction-input')).toBeDisabled();
    await expect(viewer.getByTestId('instruction-input')).toHaveAttribute('title', /viewer/);
    await expect(viewer.getByTestId('file-new')).toBeDisabled();
    await expect(viewer.getByTestId('ghost-status')).toHaveAttribute('data-state', 'idle');
    await expect(owner.getByTestId('run-item')).toHaveCount(0);
  } finally {
    await viewer.context().close();
  }
});

test('the owner revokes an editor mid-session: the editor is told, disconnected, and edits no more', async ({
  tandem,
  browser,
}) => {
  const owner = await tandem.open('Olga', FILE);
  const link = await inviteFromDialog(owner, 'editor', 'Eve');
  const editor = await openInvited(browser, link, 'Typed');
  try {
    await expect(editor.getByTestId('session-role')).toHaveAttribute('data-role', 'editor');
    await caretAtLineEnd(editor, 1);
    await editor.keyboard.type('\n// before the revoke');
    await expect.poll(() => sharedText(owner, FILE)).toContain('// before the revoke');

    const row = owner.locator('[data-testid="invite-item"][data-role="editor"]');
    await expect(row).toHaveCount(1);
    await row.getByTestId('invite-revoke').click();
    await expect(row).toHaveCount(0);

    await expect(editor.locator('.banner-error[role="alert"]')).toHaveText('your invitation was revoked');
    await expect(editor.getByTestId('connection')).toHaveAttribute('data-state', 'refused');
    await expect(owner.locator('[data-testid="presence-user"][data-name="Eve"]')).toHaveCount(0);

    await editor.keyboard.type('\n// after the revoke');
    // A barrier on the owner's side: its own edit is saved, the editor's never arrives.
    await caretAtLineEnd(owner, 1);
    await owner.keyboard.type('\n// owner after');
    await owner.keyboard.press('Control+s');
    await expect(owner.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
    const text = await sharedText(owner, FILE);
    expect(text).toContain('// owner after');
    expect(text).not.toContain('after the revoke');
    // A reload cannot bring the revoked link back.
    await editor.reload();
    await expect(editor.locator('body')).toContainText(/revoked/);
  } finally {
    await editor.context().close();
  }
});
