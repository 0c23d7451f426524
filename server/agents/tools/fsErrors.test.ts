// Every file tool on real paths that exist in a broken way (below a file: ENOTDIR; a symlink loop:
// ELOOP): the model is told what is wrong, never that the path "does not exist". The tests run as
// root, where chmod cannot make EACCES, so that wording is checked on the mapping itself.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatchTool } from './applyPatch';
import { describeFsError } from './fsErrors';
import { listFilesTool } from './listFiles';
import { readFileTool } from './readFile';
import { searchTool } from './searchText';
import { toolWorkspace } from './testWorkspace';
import { callTool } from './toolbox';

const ctx = toolWorkspace({ 'src/a.ts': 'export const total = 1;\n' });
fs.symlinkSync('loop', path.join(ctx.root, 'loop'));

const patch = (...lines: string[]) =>
  JSON.stringify({ patch: ['*** Begin Patch', ...lines, '*** End Patch'].join('\n') });
const calls = (p: string) => [
  callTool(readFileTool.name, JSON.stringify({ path: p }), ctx),
  callTool(listFilesTool.name, JSON.stringify({ path: p }), ctx),
  callTool(searchTool.name, JSON.stringify({ query: 'total', path: p }), ctx),
  callTool(applyPatchTool.name, patch(`*** Update File: ${p}`, '-a', '+b'), ctx),
];

describe('file tools report file system errors as what they are', () => {
  it('a path below a file is ENOTDIR, not missing', async () => {
    for (const r of await Promise.all(calls('src/a.ts/x'))) {
      expect(r.ok).toBe(false);
      expect(r.output).toBe(
        'error: src/a.ts/x cannot be reached: a part of the path is a file, not a folder (ENOTDIR)',
      );
    }
  });

  it('a symlink loop is ELOOP, not missing', async () => {
    for (const p of ['loop', 'loop/x.ts']) {
      for (const r of await Promise.all(calls(p))) {
        expect(r.ok).toBe(false);
        expect(r.output).toBe(`error: ${p} cannot be read: it goes round a symlink loop (ELOOP)`);
      }
    }
    expect(fs.readFileSync(path.join(ctx.root, 'src/a.ts'), 'utf8')).toBe('export const total = 1;\n');
  });

  it('only ENOENT reads as "does not exist"', async () => {
    const missing = await callTool(readFileTool.name, JSON.stringify({ path: 'src/nope.ts' }), ctx);
    expect(missing.output).toBe('error: src/nope.ts does not exist (list_files shows what does)');
    const err = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
    expect(describeFsError('a.ts', err('EACCES'))).toBe('a.ts cannot be read: permission denied (EACCES)');
    expect(describeFsError('a.ts', err('EISDIR'))).toBe('a.ts is a folder, not a file (EISDIR)');
    expect(describeFsError('a.ts', err('EIO'))).toBe('a.ts cannot be read: EIO: failed');
  });
});
