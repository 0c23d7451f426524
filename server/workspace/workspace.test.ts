import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '../testing/fixtures';
import { decodeText, encodeText } from './textFile';
import { Workspace } from './workspace';

describe('Workspace', () => {
  it('confines paths to the root: .., absolute, and symlinks that point out', () => {
    const root = makeWorkspace();
    fs.symlinkSync('/etc', path.join(root, 'etc-link'));
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src-link'));
    const ws = new Workspace(root);
    expect(() => ws.resolve('../x')).toThrow(/must not contain "\.\."/);
    expect(() => ws.resolve('src/../../x')).toThrow(/must not contain "\.\."/);
    expect(() => ws.resolve('/etc/passwd')).toThrow(/relative to the workspace root/);
    expect(() => ws.resolve('etc-link/passwd')).toThrow(/symlink points outside/);
    expect(() => ws.resolve('etc-link/new-file')).toThrow(/symlink points outside/);
    expect(ws.resolve('src-link/app.ts')).toBe(path.join(ws.root, 'src-link/app.ts'));
    fs.symlinkSync('/nonexistent-tandem-dir/x', path.join(root, 'dangling-out'));
    expect(() => ws.resolve('dangling-out')).toThrow(/symlink points outside/);
    expect(ws.resolve('src/new/deeper.ts')).toBe(path.join(ws.root, 'src/new/deeper.ts'));
    // .git (the workspace's, or a nested repository's) is not editable: its config names commands git runs
    expect(() => ws.resolve('.git/config')).toThrow(/\.git is not part of the workspace/);
    expect(() => ws.resolve('vendor/lib/.git/hooks/post-checkout')).toThrow(/\.git is not part of the workspace/);
    expect(ws.resolve('.github/workflows/ci.yml')).toBe(path.join(ws.root, '.github/workflows/ci.yml'));
  });

  it('lists files, skipping .git and node_modules and links that leave the workspace', async () => {
    const root = makeWorkspace({ 'node_modules/x/index.js': '', '.git/HEAD': '', 'b/c.txt': 'c' });
    fs.symlinkSync('/etc/hostname', path.join(root, 'outside.txt'));
    const { files, truncated } = await new Workspace(root).listFiles();
    expect(files.map((f) => f.path)).toEqual(['b/c.txt', 'README.md', 'src/app.ts']);
    expect(truncated).toBe(false);
  });

  it('writes atomically, keeping the file mode and line endings', async () => {
    const root = makeWorkspace({ 'run.sh': '#!/bin/sh\r\necho hi\r\n' });
    fs.chmodSync(path.join(root, 'run.sh'), 0o755);
    const ws = new Workspace(root);
    const read = await ws.readText('run.sh');
    expect(read).toEqual({ text: '#!/bin/sh\necho hi\n', eol: 'crlf' });
    await ws.writeText('run.sh', `${read!.text}echo bye\n`, read!.eol);
    expect(fs.readFileSync(path.join(root, 'run.sh'), 'utf8')).toBe('#!/bin/sh\r\necho hi\r\necho bye\r\n');
    expect(fs.statSync(path.join(root, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(await ws.readText('missing.ts')).toBeNull();
  });
});

describe('textFile', () => {
  it('tells text from binary, strips a BOM and normalizes line endings', () => {
    expect(decodeText(new Uint8Array([0x41, 0, 0x42]))).toBeNull();
    expect(decodeText(new Uint8Array([0xc3, 0x28]))).toBeNull();
    expect(decodeText(new TextEncoder().encode('\ufeffa\r\nb'))).toEqual({ text: 'a\nb', eol: 'crlf' });
    expect(decodeText(new TextEncoder().encode('a\rb\n'))).toEqual({ text: 'a\nb\n', eol: 'lf' });
    expect(encodeText('a\nb\n', 'crlf')).toBe('a\r\nb\r\n');
  });
});
