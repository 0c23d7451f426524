// The live file tree on a real folder: files and folders made, renamed and removed by another
// program are noticed (folders made later are watched too); a content change, a temporary save
// file or anything under node_modules is not a change of the tree.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, waitFor } from '../testing/fixtures';
import { TreeWatch } from './treeWatch';

let watches: TreeWatch[] = [];
afterEach(() => {
  watches.forEach((w) => w.close());
  watches = [];
});

function watch(root: string) {
  let changes = 0;
  const w = new TreeWatch(fs.realpathSync(root), () => changes++, { quietMs: 30 });
  watches.push(w);
  return { w, changes: () => changes };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TreeWatch', () => {
  it('notices files and folders made, renamed and removed by another program', async () => {
    const root = makeWorkspace();
    const { w, changes } = watch(root);
    expect(w.watching).toBe(2);
    fs.writeFileSync(path.join(root, 'new.ts'), 'x');
    await waitFor(() => changes() === 1, 3000, 'a new file');
    fs.mkdirSync(path.join(root, 'lib/deep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'lib/deep/a.ts'), 'a');
    await waitFor(() => changes() === 2, 3000, 'a new folder with a file');
    expect(w.watching).toBe(4);
    fs.writeFileSync(path.join(root, 'lib/deep/b.ts'), 'b');
    await waitFor(() => changes() === 3, 3000, 'a file in the new folder');
    fs.renameSync(path.join(root, 'lib/deep/b.ts'), path.join(root, 'lib/deep/c.ts'));
    await waitFor(() => changes() === 4, 3000, 'a rename');
    fs.rmSync(path.join(root, 'lib'), { recursive: true });
    await waitFor(() => changes() === 5, 3000, 'a removed folder');
    expect(w.watching).toBe(2);
  });

  it('a burst of files is one notice', async () => {
    const root = makeWorkspace();
    const { changes } = watch(root);
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(root, `f${i}.ts`), String(i));
    await waitFor(() => changes() >= 1, 3000, 'the burst');
    await pause(200);
    expect(changes()).toBe(1);
  });

  it('content changes and saves cost no walk; save temporaries and node_modules do not change the tree', async () => {
    const root = makeWorkspace();
    fs.mkdirSync(path.join(root, 'node_modules/pkg'), { recursive: true });
    const { w, changes } = watch(root);
    expect(w.watching).toBe(2);
    fs.appendFileSync(path.join(root, 'src/app.ts'), '// more\n');
    const tmp = path.join(root, `src/app.ts.tandem-${process.pid}-${Date.now()}.tmp`);
    fs.writeFileSync(tmp, 'saving');
    fs.renameSync(tmp, path.join(root, 'src/app.ts'));
    fs.writeFileSync(path.join(root, 'node_modules/pkg/index.js'), 'x');
    await pause(300);
    expect(changes()).toBe(0);
    expect(w.rescans).toBe(0);
    // and it is still listening
    fs.writeFileSync(path.join(root, 'src/other.ts'), 'y');
    await waitFor(() => changes() === 1, 3000, 'a real change after the noise');
  });
});
