// Real git: a worktree snapshot of a repository with uncommitted, untracked, deleted and unsaved
// (live collaborative) changes; a copy snapshot of a plain folder; removal.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSnapshot, removeSnapshot } from './snapshot';
import { gitInit, tempRoot, write } from './testRepo';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, abs);
    if (rel.split(path.sep)[0] === '.git' || !e.isFile()) continue;
    out[rel] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

describe('createSnapshot', () => {
  it('worktree: HEAD plus uncommitted, untracked and deleted files and live texts; live folder untouched', async () => {
    const { ws, data } = tempRoot();
    write(ws, { 'src/a.ts': 'a1\n', 'src/b.ts': 'b1\n', 'gone.ts': 'x\n', '.gitignore': 'ignored.log\n' });
    gitInit(ws);
    write(ws, { 'src/a.ts': 'a2 on disk\n', 'new.ts': 'untracked\n', 'ignored.log': 'noise\n' });
    fs.rmSync(path.join(ws, 'gone.ts'));
    const liveBefore = tree(ws);
    const runDir = path.join(data, 'runs', 'r1');
    const snap = await createSnapshot({
      workspaceRoot: ws,
      runDir,
      dataDir: data,
      liveTexts: [
        { path: 'src/b.ts', text: 'b unsaved\n', eol: 'crlf' },
        { path: 'src/a.ts', text: 'a2 on disk\n', eol: 'lf' },
      ],
    });
    expect(snap.mode).toBe('worktree');
    expect(snap.overlaid).toEqual(['src/b.ts']);
    expect(tree(snap.dir)).toEqual({
      '.gitignore': 'ignored.log\n',
      'new.ts': 'untracked\n',
      'src/a.ts': 'a2 on disk\n',
      'src/b.ts': 'b unsaved\r\n',
    });
    expect(fs.statSync(path.join(snap.dir, '.git')).isFile()).toBe(true);
    fs.writeFileSync(path.join(snap.dir, 'src/a.ts'), 'agent edit\n');
    expect(tree(ws)).toEqual(liveBefore);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: ws, encoding: 'utf8' })).not.toMatch(/runs/);
    await removeSnapshot(runDir, ws);
    expect(fs.existsSync(runDir)).toBe(false);
    expect(execFileSync('git', ['worktree', 'list'], { cwd: ws, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
  });

  it('copy: a plain folder is copied without node_modules, which is linked instead', async () => {
    const { ws, data } = tempRoot();
    write(ws, { 'a.js': 'a\n', 'node_modules/dep/index.js': 'dep\n', '.tandem-data/x': 'x' });
    const runDir = path.join(data, 'runs', 'r2');
    const snap = await createSnapshot({
      workspaceRoot: ws,
      runDir,
      dataDir: data,
      liveTexts: [{ path: 'a.js', text: 'live\n', eol: 'lf' }],
    });
    expect(snap.mode).toBe('copy');
    expect(fs.readFileSync(path.join(snap.dir, 'a.js'), 'utf8')).toBe('live\n');
    expect(fs.lstatSync(path.join(snap.dir, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(snap.dir, '.tandem-data'))).toBe(false);
    expect(fs.existsSync(path.join(snap.dir, '.git'))).toBe(false);
    expect(fs.readFileSync(path.join(ws, 'a.js'), 'utf8')).toBe('a\n');
    await removeSnapshot(runDir, ws);
    expect(fs.existsSync(runDir)).toBe(false);
  });

  it('a data folder inside the workspace is never copied into the snapshot', async () => {
    const { ws } = tempRoot();
    const data = path.join(ws, 'state');
    write(ws, { 'a.js': 'a\n', 'state/tandem.db': 'db' });
    gitInit(ws);
    write(ws, { 'state/more.db': 'db2' });
    const snap = await createSnapshot({
      workspaceRoot: ws,
      runDir: path.join(data, 'runs', 'r3'),
      dataDir: data,
      liveTexts: [],
    });
    expect(fs.existsSync(path.join(snap.dir, 'state', 'more.db'))).toBe(false);
  });
});
