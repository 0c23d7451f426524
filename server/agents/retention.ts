// Why: snapshots take disk (and a git worktree registration in the person's repository). A run's
// diff and evidence live in SQLite, so its snapshot is only kept for a day after it finished, then
// removed at the next start; folders left by runs the database no longer knows go too.
import fs from 'node:fs';
import path from 'node:path';
import type { RunLedger } from './runLedger';
import { removeSnapshot } from './snapshot/snapshot';
import { isInside } from '../workspace/realPath';

export async function pruneSnapshots(opts: {
  store: Pick<RunLedger, 'withSnapshotFinishedBefore' | 'save' | 'get'>;
  workspace: string;
  runsDir: string;
  keepMs: number;
  now: number;
  log: (m: string) => void;
}): Promise<number> {
  const { store, workspace, runsDir } = opts;
  let removed = 0;
  for (const run of store.withSnapshotFinishedBefore(workspace, opts.now - opts.keepMs)) {
    // Only this process's own snapshots (in cluster mode, a worker's are in its data folder).
    if (!isInside(run.snapshot!.runDir, runsDir)) continue;
    await removeSnapshot(run.snapshot!.runDir, workspace);
    run.snapshot = null;
    store.save(run);
    removed++;
  }
  if (fs.existsSync(runsDir)) {
    for (const name of fs.readdirSync(runsDir)) {
      const run = store.get(name);
      if (run && run.workspace !== workspace) continue;
      if (!run || run.snapshot === null) {
        await removeSnapshot(path.join(runsDir, name), workspace);
        removed++;
      }
    }
  }
  if (removed) opts.log(`removed ${removed} old run snapshot(s)`);
  return removed;
}
