// Why: every path a model names is untrusted. Tools may only touch files inside the run's
// snapshot: no absolute paths, no "..", no NUL, nothing inside .git (the snapshot's base lives
// there), and no symlink — at any level — that leads outside the snapshot.
import path from 'node:path';
import { isInside, realpathOfExistingPrefix } from '../../workspace/realPath';
import { describeFsError } from './fsErrors';
import { ToolError } from './types';

export class PathRefused extends Error {}

/** Maps a model's path (relative to the snapshot root) to an absolute path inside it, or throws. */
export function confine(root: string, rel: string): string {
  const shown = JSON.stringify(rel);
  if (typeof rel !== 'string' || rel.trim() === '') throw new PathRefused('the path is empty');
  if (rel.includes('\0')) throw new PathRefused(`refused path ${shown}: it contains a NUL byte`);
  if (path.isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel))
    throw new PathRefused(`refused path ${shown}: use a path relative to the workspace root`);
  const parts = rel.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new PathRefused(`refused path ${shown}: ".." is not allowed`);
  if (parts[0] === '.git') throw new PathRefused(`refused path ${shown}: .git is not part of the workspace`);
  const abs = path.join(root, ...parts);
  let real: string;
  try {
    real = realpathOfExistingPrefix(abs);
  } catch (err) {
    throw new ToolError(describeFsError(rel, err));
  }
  if (!isInside(real, root)) throw new PathRefused(`refused path ${shown}: a symlink leads outside the workspace`);
  return abs;
}

/** The snapshot-relative POSIX path of an absolute path inside `root`. */
export function relativeTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
