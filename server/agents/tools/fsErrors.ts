// Why: a path the model names may be missing — or there but unreadable, a symlink loop, or below
// a file. Only ENOENT means "does not exist"; every other failure is told as what it is, so
// neither the model nor the person reading the evidence goes looking for a file that is there.
import fs from 'node:fs';
import { ToolError } from './types';

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | null)?.code;

/** What went wrong with `shown` (the model's path), in words, with the system's code. */
export function describeFsError(shown: string, err: unknown): string {
  const code = codeOf(err);
  switch (code) {
    case 'ENOENT':
      return `${shown} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${shown} cannot be read: permission denied (${code})`;
    case 'ELOOP':
      return `${shown} cannot be read: it goes round a symlink loop (ELOOP)`;
    case 'ENOTDIR':
      return `${shown} cannot be reached: a part of the path is a file, not a folder (ENOTDIR)`;
    case 'EISDIR':
      return `${shown} is a folder, not a file (EISDIR)`;
    case 'ENAMETOOLONG':
      return `${shown} is too long a path for the file system (ENAMETOOLONG)`;
    default:
      return `${shown} cannot be read: ${(err as Error).message}`;
  }
}

/** The path's stats, or null when it does not exist; any other failure is a ToolError that says what it is. */
export function statIfExists(abs: string, shown: string): fs.Stats | null {
  try {
    return fs.statSync(abs);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return null;
    throw new ToolError(describeFsError(shown, err));
  }
}

/** Reads a file, its failure told as a ToolError that names the model's path. */
export function readFileBytes(abs: string, shown: string): Buffer {
  try {
    return fs.readFileSync(abs);
  } catch (err) {
    throw new ToolError(describeFsError(shown, err));
  }
}
