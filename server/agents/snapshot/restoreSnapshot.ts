// Why: a run whose worker died is restarted from the snapshot it had — the workspace as it was
// when the person asked, not as it is now — so that its diff keeps the same base. What the dead
// attempt changed is undone: every file of the base tree is written back and files the attempt
// added are removed (ignored ones, such as build output, stay), and its scratch folder is emptied.
import fs from 'node:fs';
import { git } from './git';
import { snapshotGit, snapshotPaths, type Snapshot } from './snapshot';

export async function restoreSnapshot(s: Snapshot): Promise<void> {
  if (!fs.existsSync(s.dir)) throw new Error(`the snapshot folder ${s.dir} is gone`);
  const g = snapshotGit(s, 'base');
  await git(['read-tree', s.baseTree], g);
  await git(['checkout-index', '--all', '--force'], g);
  await git(['clean', '-ffdq'], g);
  fs.rmSync(snapshotPaths(s.runDir).scratch, { recursive: true, force: true });
}
