// The apply_patch tool on disk (its matching and format are covered by the patch scenarios):
// CRLF files stay CRLF, and no patch may write outside the snapshot.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatchTool } from './applyPatch';
import { toolWorkspace } from './testWorkspace';
import { callTool } from './toolbox';

const patch = (...lines: string[]) =>
  JSON.stringify({ patch: ['*** Begin Patch', ...lines, '*** End Patch'].join('\n') });

describe('apply_patch tool', () => {
  it('keeps a CRLF file CRLF', async () => {
    const ctx = toolWorkspace({ 'win.txt': 'one\r\ntwo\r\n' });
    const r = await callTool(applyPatchTool.name, patch('*** Update File: win.txt', ' one', '-two', '+TWO'), ctx);
    expect(r).toMatchObject({ ok: true, changed: ['win.txt'] });
    expect(fs.readFileSync(path.join(ctx.root, 'win.txt'), 'utf8')).toBe('one\r\nTWO\r\n');
  });

  it('refuses paths outside the snapshot, writing nothing', async () => {
    const ctx = toolWorkspace({ 'a.txt': 'a\n' });
    fs.symlinkSync('/tmp', path.join(ctx.root, 'out'));
    for (const target of ['../evil.txt', '/tmp/evil.txt', 'out/evil.txt', '.git/hooks/pre-commit']) {
      const r = await callTool(
        applyPatchTool.name,
        patch('*** Update File: a.txt', '-a', '+b', `*** Add File: ${target}`, '+x'),
        ctx,
      );
      expect(r.ok).toBe(false);
      expect(r.output).toMatch(/^error: refused path/);
    }
    expect(fs.readFileSync(path.join(ctx.root, 'a.txt'), 'utf8')).toBe('a\n');
    expect(fs.existsSync('/tmp/evil.txt')).toBe(false);
  });
});
