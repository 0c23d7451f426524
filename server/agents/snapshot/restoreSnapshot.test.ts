// Real git: a snapshot changed by a run (edited, added, deleted files, a new folder) comes back to
// its base, in both modes; ignored files stay.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreSnapshot } from './restoreSnapshot';
import { createSnapshot } from './snapshot';
import { gitInit, tempRoot, write } from './testRepo';

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(dir, path.join(e.parentPath, e.name));
    if (rel.split(path.sep)[0] !== '.git' && e.isFile()) out[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
  }
  return out;
}

describe('restoreSnapshot', () => {
  for (const mode of ['worktree', 'copy'] as const) {
    it(`${mode}: undoes what an attempt did`, async () => {
      const { ws, data } = tempRoot();
      write(ws, { 'src/a.ts': 'a1\n', 'b.ts': 'b1\n', '.gitignore': '*.log\n' });
      if (mode === 'worktree') gitInit(ws);
      const snap = await createSnapshot({
        workspaceRoot: ws,
        runDir: path.join(data, 'runs', 'r1'),
        dataDir: data,
        liveTexts: [{ path: 'b.ts', text: 'b unsaved\n', eol: 'lf' }],
      });
      expect(snap.mode).toBe(mode);
      const base = files(snap.dir);
      write(snap.dir, { 'src/a.ts': 'changed\n', 'new/deep/c.ts': 'c\n', 'build.log': 'kept\n' });
      fs.rmSync(path.join(snap.dir, 'b.ts'));
      await restoreSnapshot(snap);
      expect(files(snap.dir)).toEqual({ ...base, 'build.log': 'kept\n' });
      expect(fs.existsSync(path.join(snap.dir, 'new'))).toBe(false);
    });
  }
});
