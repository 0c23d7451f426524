// The run's diff must agree with git's own diff of the same trees, and apply to the base with
// `git apply` — checked with real git on a real snapshot.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeRunDiff, diffStat } from './runDiff';
import { createSnapshot, snapshotPaths } from './snapshot';
import { gitInit, tempRoot, write } from './testRepo';

const git = (cwd: string, args: string[], env: Record<string, string> = {}) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });

/** Hunk headers with explicit counts and without git's function-name context. */
const canonical = (patch: string) =>
  patch.replace(
    /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@.*$/gm,
    (_, a, b, c, d) => `@@ -${a},${b ?? 1} +${c},${d ?? 1} @@`,
  );

const BASE = {
  'src/math.js': Array.from({ length: 40 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n',
  'src/old.js': 'module.exports = 1;\n',
  'notes.txt': 'no final newline',
  'win.txt': 'one\r\ntwo\r\nthree\r\n',
  'tool.sh': '#!/bin/sh\necho hi\n',
};

async function changedSnapshot(withGit: boolean) {
  const { ws, data } = tempRoot();
  write(ws, BASE);
  if (withGit) gitInit(ws);
  const snap = await createSnapshot({
    workspaceRoot: ws,
    runDir: path.join(data, 'runs', 'r'),
    dataDir: data,
    liveTexts: [],
  });
  write(snap.dir, {
    'src/math.js': BASE['src/math.js']
      .replace('v3 = 3', 'v3 = 33')
      .replace('v20 = 20;\n', 'v20 = 20;\nexport const extra = 1;\n')
      .replace('export const v39 = 39;\n', ''),
    'src/new.js': 'export const fresh = true;\n',
    'notes.txt': 'no final newline, still',
    'win.txt': 'one\r\nTWO\r\nthree\r\n',
    'empty.txt': '',
  });
  fs.rmSync(path.join(snap.dir, 'src/old.js'));
  fs.chmodSync(path.join(snap.dir, 'tool.sh'), 0o755);
  fs.writeFileSync(path.join(snap.dir, 'blob.bin'), Buffer.from([0, 1, 2]));
  return snap;
}

describe('computeRunDiff', () => {
  for (const withGit of [true, false]) {
    it(`${withGit ? 'worktree' : 'copy'}: agrees with git diff and applies to the base with git apply`, async () => {
      const snap = await changedSnapshot(withGit);
      const diff = await computeRunDiff(snap);
      expect(diff.files.map((f) => [f.path, f.status, f.binary])).toEqual([
        ['blob.bin', 'added', true],
        ['empty.txt', 'added', false],
        ['notes.txt', 'modified', false],
        ['src/math.js', 'modified', false],
        ['src/new.js', 'added', false],
        ['src/old.js', 'deleted', false],
        ['tool.sh', 'modified', false],
        ['win.txt', 'modified', false],
      ]);
      const math = diff.files.find((f) => f.path === 'src/math.js')!;
      expect(math.baseText).toBe(BASE['src/math.js']);
      expect(diff.files.find((f) => f.path === 'win.txt')!.resultText).toBe('one\nTWO\nthree\n');

      // Same text as git's diff of the two trees (minus git's `index` lines and the binary file).
      const p = snapshotPaths(snap.runDir);
      const prefix = withGit ? [] : ['--git-dir', p.gitDir, '--work-tree', snap.dir];
      const env = { GIT_INDEX_FILE: p.resultIndex };
      const resultTree = git(snap.dir, [...prefix, 'write-tree'], env).trim();
      const gitDiff = git(
        snap.dir,
        [...prefix, 'diff', '--no-renames', '--no-ext-diff', snap.baseTree, resultTree, '--', '.', ':!blob.bin'],
        env,
      );
      expect(canonical(diff.patch)).toBe(canonical(gitDiff.replace(/^index [0-9a-f]+\.\.[0-9a-f]+( \d+)?\n/gm, '')));

      // Applies to a checkout of the base, and gives the result.
      const check = path.join(snap.runDir, 'check');
      fs.mkdirSync(check);
      const checkIndex = path.join(snap.runDir, 'check.index');
      git(snap.dir, [...prefix, 'read-tree', snap.baseTree], { GIT_INDEX_FILE: checkIndex });
      git(snap.dir, [...prefix, 'checkout-index', '-a', `--prefix=${check}/`], { GIT_INDEX_FILE: checkIndex });
      fs.writeFileSync(path.join(snap.runDir, 'run.patch'), diff.patch);
      git(check, ['apply', '--check', path.join(snap.runDir, 'run.patch')]);
      git(check, ['apply', path.join(snap.runDir, 'run.patch')]);
      for (const f of diff.files.filter((f) => !f.binary)) {
        const abs = path.join(check, f.path);
        if (f.status === 'deleted') expect(fs.existsSync(abs)).toBe(false);
        else expect(fs.readFileSync(abs, 'utf8')).toBe(fs.readFileSync(path.join(snap.dir, f.path), 'utf8'));
      }
      expect(fs.statSync(path.join(check, 'tool.sh')).mode & 0o111).not.toBe(0);
    });
  }

  it('is empty when the run changed nothing', async () => {
    const { ws, data } = tempRoot();
    write(ws, BASE);
    gitInit(ws);
    const snap = await createSnapshot({
      workspaceRoot: ws,
      runDir: path.join(data, 'runs', 'r'),
      dataDir: data,
      liveTexts: [],
    });
    expect(await computeRunDiff(snap)).toEqual({ files: [], patch: '' });
  });
});

describe('diffStat', () => {
  it('counts lines from the texts, so added "++" and removed "--" lines count too', () => {
    const file = (path: string, baseText: string, resultText: string, binary = false) => ({
      path,
      status: 'modified' as const,
      binary,
      baseText,
      resultText,
      patch: '',
    });
    expect(diffStat([file('a.ts', 'x\n--y\nz\n', 'x\n++y\n++w\nz\n'), file('b.bin', '', '', true)])).toEqual({
      files: 2,
      added: 2,
      removed: 1,
    });
  });
});
