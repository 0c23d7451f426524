// Why: proving that a cancelled command left nothing behind needs a look at every process on the
// machine, including those inside a sandbox's PID namespace (their own PIDs are not ours).
import fs from 'node:fs';

/** PIDs (host namespace) whose command line contains `marker`. Linux only. */
export function processesMatching(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(marker)) found.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return found;
}
