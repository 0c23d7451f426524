// Why: snapshots and diffs use real git (worktrees, trees, blobs). One helper runs it with hooks
// disabled (and no fsmonitor command), a fixed identity, no prompts, no pager, and errors that carry
// git's own message. It is spawned off the event loop (offLoop.ts): a run starts git a dozen times.
import { execFileOffLoop, OffLoopError } from './offLoop';

export class GitError extends Error {}

export type GitOptions = {
  cwd: string;
  /** e.g. ['--git-dir', G, '--work-tree', W] for a snapshot copy with its own repository. */
  prefix?: string[];
  env?: Record<string, string>;
  /** Return stdout as a Buffer (blobs), not a string. */
  binary?: boolean;
};

const SAFE = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.autocrlf=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'user.name=Tandem',
  '-c',
  'user.email=tandem@localhost',
];

export function git(args: string[], opts: GitOptions & { binary: true }): Promise<Buffer>;
export function git(args: string[], opts: GitOptions): Promise<string>;
export function git(args: string[], opts: GitOptions): Promise<string | Buffer> {
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0', ...opts.env };
  return execFileOffLoop('git', [...SAFE, ...(opts.prefix ?? []), ...args], {
    cwd: opts.cwd,
    env,
    maxBuffer: 256 * 1024 * 1024,
    encoding: opts.binary ? 'buffer' : 'utf8',
  }).then(
    (r) => r.stdout,
    (err: Error) => {
      const stderr = err instanceof OffLoopError ? String(err.stderr).trim() : '';
      throw new GitError(`git ${args[0]} failed: ${stderr || err.message}`);
    },
  );
}

/** Whether `dir` is inside a git work tree that has at least one commit. */
export async function isGitRepoWithCommits(dir: string): Promise<boolean> {
  try {
    const inside = (await git(['rev-parse', '--is-inside-work-tree'], { cwd: dir })).trim();
    if (inside !== 'true') return false;
    await git(['rev-parse', '--verify', '-q', 'HEAD'], { cwd: dir });
    return true;
  } catch {
    return false;
  }
}

/** Splits NUL-separated git output. */
export function nulSplit(out: string): string[] {
  return out.split('\0').filter((s) => s !== '');
}
