// Why: a run works on its own copy of the workspace as it was when the run started — including
// files changed on disk but not committed, and the unsaved text of open documents — so it never
// touches the live files. A git repository gets a `git worktree` (cheap, shares objects); any other
// folder gets a copy with a private repository. Either way the starting state is recorded as a git
// tree (with a private index, so neither the person's index nor hooks are touched): the base that
// the run's diff is computed against.
import fs from 'node:fs';
import path from 'node:path';
import type { Eol } from '../../../lib/protocol';
import { encodeText } from '../../workspace/textFile';
import { isInside } from '../../workspace/realPath';
import { git, isGitRepoWithCommits, nulSplit } from './git';

export type LiveText = { path: string; text: string; eol: Eol };

export type Snapshot = {
  runDir: string;
  /** The folder the run works in (commands' cwd, tools' root): a real path. */
  dir: string;
  mode: 'worktree' | 'copy';
  /** The live workspace (worktree mode needs it to remove the worktree). */
  workspaceRoot: string;
  /** The git tree of the starting state. */
  baseTree: string;
  /** Paths whose unsaved collaborative text was written into the snapshot. */
  overlaid: string[];
  /**
   * Worktree mode: the worktree's git directory, read when it was made. Git is always pointed at
   * it, never left to find it through the snapshot's `.git` file, which the run's commands can
   * rewrite — to a repository whose config makes git run commands outside the sandbox.
   */
  gitDir?: string;
};

/** Folders never copied into a snapshot (the live ones are linked or rebuilt). */
const NOT_COPIED = new Set(['.git', 'node_modules', '.next', '.tandem-data']);

export function snapshotPaths(runDir: string) {
  return {
    work: path.join(runDir, 'work'),
    gitDir: path.join(runDir, 'git'),
    baseIndex: path.join(runDir, 'base.index'),
    resultIndex: path.join(runDir, 'result.index'),
    exclude: path.join(runDir, 'exclude'),
    scratch: path.join(runDir, 'scratch'),
  };
}

/** How git is pointed at a snapshot: its own repository for a copy, the worktree's otherwise. */
export function snapshotGit(s: Pick<Snapshot, 'runDir' | 'mode' | 'dir' | 'gitDir'>, index: 'base' | 'result') {
  const p = snapshotPaths(s.runDir);
  const gitDir = s.mode === 'copy' ? p.gitDir : s.gitDir;
  return {
    cwd: s.dir,
    prefix: [...(gitDir ? ['--git-dir', gitDir, '--work-tree', s.dir] : []), '-c', `core.excludesFile=${p.exclude}`],
    env: { GIT_INDEX_FILE: index === 'base' ? p.baseIndex : p.resultIndex },
  };
}

export async function createSnapshot(opts: {
  workspaceRoot: string;
  runDir: string;
  dataDir: string;
  liveTexts: LiveText[];
}): Promise<Snapshot> {
  const { workspaceRoot, runDir } = opts;
  const p = snapshotPaths(runDir);
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(p.exclude, '/node_modules\n');
  const top = (await isGitRepoWithCommits(workspaceRoot))
    ? fs.realpathSync((await git(['rev-parse', '--show-toplevel'], { cwd: workspaceRoot })).trim())
    : null;
  const mode = top === workspaceRoot ? 'worktree' : 'copy';
  const skip = (rel: string) => isInside(path.join(workspaceRoot, rel), opts.dataDir);
  let gitDir: string | undefined;
  if (mode === 'worktree') {
    await git(['worktree', 'add', '--detach', '--quiet', p.work, 'HEAD'], { cwd: workspaceRoot });
    gitDir = (await git(['rev-parse', '--absolute-git-dir'], { cwd: p.work })).trim();
    await overlayUncommitted(workspaceRoot, p.work, skip);
  } else {
    // Asynchronous: a large workspace is copied without holding the server's event loop.
    await fs.promises.cp(workspaceRoot, p.work, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => {
        const rel = path.relative(workspaceRoot, src);
        return rel === '' || (!NOT_COPIED.has(path.basename(src)) && !skip(rel));
      },
    });
    await git(['init', '--quiet'], { cwd: p.work, prefix: ['--git-dir', p.gitDir, '--work-tree', p.work] });
  }
  const liveModules = path.join(workspaceRoot, 'node_modules');
  if (fs.existsSync(liveModules) && !fs.existsSync(path.join(p.work, 'node_modules')))
    fs.symlinkSync(liveModules, path.join(p.work, 'node_modules'));
  const overlaid: string[] = [];
  for (const live of opts.liveTexts) {
    const target = path.join(p.work, live.path);
    const content = encodeText(live.text, live.eol);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === content) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    overlaid.push(live.path);
  }
  const dir = fs.realpathSync(p.work);
  const g = snapshotGit({ runDir, mode, dir, gitDir }, 'base');
  await git(['add', '-A'], g);
  const baseTree = (await git(['write-tree'], g)).trim();
  return { runDir, dir, mode, workspaceRoot, baseTree, overlaid, ...(gitDir ? { gitDir } : {}) };
}

/** Brings the worktree (at HEAD) to the live folder's state on disk: changed, new and deleted files. */
async function overlayUncommitted(live: string, work: string, skip: (rel: string) => boolean): Promise<void> {
  const changed = nulSplit(
    await git(['ls-files', '-z', '--modified', '--others', '--exclude-standard'], { cwd: live }),
  );
  const deleted = new Set(nulSplit(await git(['ls-files', '-z', '--deleted'], { cwd: live })));
  for (const rel of changed) {
    if (skip(rel) || deleted.has(rel)) continue;
    const src = path.join(live, rel);
    const dst = path.join(work, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    await fs.promises.cp(src, dst, { verbatimSymlinks: true, force: true });
  }
  for (const rel of deleted) fs.rmSync(path.join(work, rel), { force: true });
}

/** Removes a snapshot: the git worktree registration (if any) and the run's folder. */
export async function removeSnapshot(runDir: string, workspaceRoot: string): Promise<void> {
  const { work } = snapshotPaths(runDir);
  if (fs.existsSync(path.join(work, '.git')) && fs.statSync(path.join(work, '.git')).isFile()) {
    await git(['worktree', 'remove', '--force', work], { cwd: workspaceRoot }).catch(() => undefined);
  }
  fs.rmSync(runDir, { recursive: true, force: true });
  await git(['worktree', 'prune'], { cwd: workspaceRoot }).catch(() => undefined);
}
