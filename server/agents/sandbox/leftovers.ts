// Why: without bubblewrap nothing ties a run's command to Tandem's life, so a Tandem killed with
// kill -9 (or a crash) leaves it running — a test watcher, a dev server — in a snapshot nobody
// will read. At the next start, every process still working inside the folder of a run that was
// interrupted is killed with its whole process group. Linux (/proc); elsewhere it finds nothing.
import fs from 'node:fs';
import path from 'node:path';
import { killGroup } from './commandRunner';

/** Kills the process groups of processes whose working folder is inside one of `runDirs`; returns how many groups. */
export function killLeftoverCommands(runDirs: string[]): number {
  if (runDirs.length === 0 || !fs.existsSync('/proc')) return 0;
  const groups = new Set<number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (!runDirs.some((dir) => cwd === dir || cwd.startsWith(dir + path.sep))) continue;
      // Field 5 of stat is the process group; the command name (field 2) may hold spaces, so
      // count from the closing parenthesis.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgid > 1 && pgid !== process.pid) groups.add(pgid);
    } catch {
      // gone while we looked, or not ours to read
    }
  }
  for (const pgid of groups) killGroup(pgid);
  return groups.size;
}
