// Why: a run's commands must not write the live workspace, reach the network, or read Tandem's
// data folder. bubblewrap gives that without root: the whole file system read-only, the snapshot
// writable, a private /tmp, the data folder hidden, no network, its own PID namespace, and death
// with its parent. Detection is a real probe, since bwrap can be installed but not permitted.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type SandboxLayout = {
  snapshot: string;
  hidden: string[];
  /** Folders inside a hidden one that stay visible, read-only (a worktree's git directory). */
  readOnly?: string[];
};

/** The bwrap arguments that run `sh -c command` inside the snapshot. Pure. */
export function bwrapArgs(layout: SandboxLayout, command: string): string[] {
  const args = ['--die-with-parent', '--unshare-net', '--unshare-pid', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  for (const dir of layout.hidden) args.push('--tmpfs', dir);
  for (const dir of layout.readOnly ?? []) args.push('--ro-bind', dir, dir);
  args.push('--bind', layout.snapshot, layout.snapshot, '--chdir', layout.snapshot, '--', '/bin/sh', '-c', command);
  return args;
}

function findBwrap(envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '/usr/bin:/bin').split(path.delimiter)) {
    const candidate = path.join(dir, 'bwrap');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The bwrap binary if it is installed and may create its namespaces here, else null with why. */
export async function probeBwrap(envPath: string | undefined): Promise<{ bwrap: string | null; reason: string }> {
  const bwrap = findBwrap(envPath);
  if (!bwrap) return { bwrap: null, reason: 'bubblewrap (bwrap) is not installed' };
  const ok = await new Promise<string | null>((resolve) => {
    execFile(bwrap, bwrapArgs({ snapshot: '/tmp', hidden: [] }, 'true'), { timeout: 10_000 }, (err, _out, stderr) =>
      resolve(err ? (stderr.trim() || err.message) : null),
    );
  });
  return ok === null ? { bwrap, reason: `commands run inside bubblewrap (${bwrap})` } : { bwrap: null, reason: `bubblewrap cannot run here: ${ok}` };
}
