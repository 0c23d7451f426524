// Why: the file tree, and an agent's list_files and search, walk a folder the same way: in name
// order, never into .git, node_modules or build output, never through a symlink that leaves the
// root, and with a cap.
import fs from 'node:fs';
import path from 'node:path';

const SKIPPED = new Set(['.git', 'node_modules', '.next', '.tandem-data', 'dist', 'build', 'coverage']);
/**
 * Workspace.writeText's temporary file, named here beside the test that skips it; a walk sees one
 * only if it lands between the write and the rename.
 */
const SAVING = /\.tandem-\d+-\d+\.tmp$/;
export const isSaveTemporary = (name: string) => SAVING.test(name);
export const saveTemporaryFor = (abs: string) => `${abs}.tandem-${process.pid}-${Date.now()}.tmp`;

/**
 * Files under `dir` (absolute paths), at most `limit`, and the folders visited (for watching);
 * `complete` is false when the cap cut it.
 */
export function walkFiles(
  root: string,
  dir: string,
  limit: number,
): { files: string[]; dirs: string[]; complete: boolean } {
  const files: string[] = [];
  const dirs: string[] = [];
  const visit = (at: string): boolean => {
    dirs.push(at);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(at, { withFileTypes: true });
    } catch {
      return true;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const abs = path.join(at, e.name);
      if (e.isDirectory()) {
        if (SKIPPED.has(e.name)) continue;
        if (!visit(abs)) return false;
      } else if (isSaveTemporary(e.name)) {
        continue;
      } else if (e.isFile() || (e.isSymbolicLink() && insideFile(root, abs))) {
        if (files.length >= limit) return false;
        files.push(abs);
      }
    }
    return true;
  };
  const complete = visit(dir);
  return { files, dirs, complete };
}

function insideFile(root: string, abs: string): boolean {
  try {
    const real = fs.realpathSync(abs);
    return real.startsWith(root + path.sep) && fs.statSync(real).isFile();
  } catch {
    return false;
  }
}
