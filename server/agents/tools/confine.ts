// Why: every path a model names is untrusted. Tools may only touch files inside the run's
// snapshot: no absolute paths, no "..", no NUL, nothing inside .git (the snapshot's base lives
// there), and no symlink — at any level — that leads outside the snapshot.
import fs from 'node:fs';
import path from 'node:path';

export class PathRefused extends Error {}

/** Maps a model's path (relative to the snapshot root) to an absolute path inside it, or throws. */
export function confine(root: string, rel: string): string {
  const shown = JSON.stringify(rel);
  if (typeof rel !== 'string' || rel.trim() === '') throw new PathRefused('the path is empty');
  if (rel.includes('\0')) throw new PathRefused(`refused path ${shown}: it contains a NUL byte`);
  if (path.isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel)) throw new PathRefused(`refused path ${shown}: use a path relative to the workspace root`);
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new PathRefused(`refused path ${shown}: ".." is not allowed`);
  if (parts[0] === '.git') throw new PathRefused(`refused path ${shown}: .git is not part of the workspace`);
  const abs = path.join(root, ...parts);
  if (!isInside(realpathOfExistingPrefix(abs), root)) throw new PathRefused(`refused path ${shown}: a symlink leads outside the workspace`);
  return abs;
}

/** Whether the absolute path `p` is `dir` or inside it (by name: symlinks are not followed). */
export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The path with its longest existing prefix resolved through symlinks. */
function realpathOfExistingPrefix(abs: string): string {
  const rest: string[] = [];
  for (let probe = abs; ; ) {
    try {
      return path.join(fs.realpathSync(probe), ...rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const parent = path.dirname(probe);
      if (parent === probe) return abs;
      rest.unshift(path.basename(probe));
      // A dangling symlink has no realpath but still points somewhere: follow it by hand.
      try {
        const target = fs.readlinkSync(probe);
        return path.join(realpathOfExistingPrefix(path.resolve(parent, target)), ...rest.slice(1));
      } catch {
        // not a symlink
      }
      probe = parent;
    }
  }
}

/** The snapshot-relative POSIX path of an absolute path inside `root`. */
export function relativeTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
