// On first run the bundled sample project is copied into the data folder and made a git
// repository there, so the bundled copy stays clean and background runs can use worktrees.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const BUNDLED = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sample');

export function ensureSampleWorkspace(dataDir: string, log: (msg: string) => void): string {
  const target = path.join(dataDir, 'workspaces', 'sample');
  if (fs.existsSync(target)) return target;
  const staging = `${target}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(BUNDLED, staging, { recursive: true });
  try {
    initGitRepo(staging);
  } catch (err) {
    log(`sample workspace: git is not available (${(err as Error).message}); background runs will use copies`);
  }
  fs.renameSync(staging, target);
  log(`sample workspace created at ${target}`);
  return target;
}

function initGitRepo(dir: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Tandem',
        GIT_AUTHOR_EMAIL: 'tandem@localhost',
        GIT_COMMITTER_NAME: 'Tandem',
        GIT_COMMITTER_EMAIL: 'tandem@localhost',
      },
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Tandem sample workspace');
}
