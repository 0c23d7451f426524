// Why: a run's commands must not write the live workspace, reach the network, or read Tandem's
// data folder. bubblewrap gives that without root: the whole file system read-only, the snapshot
// writable, a private /tmp, the data folder hidden, no network, its own PID namespace, and death
// with its parent. Detection is a real probe, since bwrap can be installed but not permitted.
//
// Dying with Tandem takes care (seen with kernel tracing, bubblewrap 0.8): the sandbox's PID 1
// asks for SIGKILL on its parent's death only after its setup, so a Tandem killed in those few
// milliseconds used to leave the command running. Hence `--as-pid-1` (the command's own shell is
// PID 1, so when it dies the kernel kills the whole namespace) and a gate: that shell reports on
// fd 3 once it is set up, and runs the command only when Tandem answers. If Tandem died first,
// the answer is end-of-file and the command never starts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type SandboxLayout = {
  snapshot: string;
  hidden: string[];
  /** Folders inside a hidden one that stay visible, read-only (a worktree's git directory). */
  readOnly?: string[];
};

/** The descriptor on which a gated sandbox reports `r` and waits for a line from Tandem. */
export const GATE_FD = 3;

/** `sh -c command`, run only after Tandem answers on GATE_FD (see the top of this file). */
export function gatedShell(command: string): string[] {
  const script = `printf r >&${GATE_FD} && read -r go <&${GATE_FD} && exec /bin/sh -c "$1" ${GATE_FD}>&-`;
  return ['/bin/sh', '-c', script, 'sh', command];
}

/** The bwrap arguments that run `argv` inside the snapshot. Pure. */
export function bwrapArgs(layout: SandboxLayout, argv: string[]): string[] {
  const args = [
    '--die-with-parent',
    '--as-pid-1',
    '--unshare-net',
    '--unshare-pid',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
  ];
  for (const dir of layout.hidden) args.push('--tmpfs', dir);
  for (const dir of layout.readOnly ?? []) args.push('--ro-bind', dir, dir);
  args.push('--bind', layout.snapshot, layout.snapshot, '--chdir', layout.snapshot, '--', ...argv);
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
    execFile(
      bwrap,
      bwrapArgs({ snapshot: '/tmp', hidden: [] }, ['/bin/true']),
      { timeout: 10_000 },
      (err, _out, stderr) => resolve(err ? stderr.trim() || err.message : null),
    );
  });
  return ok === null
    ? { bwrap, reason: `commands run inside bubblewrap (${bwrap})` }
    : { bwrap: null, reason: `bubblewrap cannot run here: ${ok}` };
}
