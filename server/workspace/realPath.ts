// Why: a path from outside (a collaborator, a model) must not reach outside a root through a
// symlink at any level — including a dangling one, which has no realpath but still points
// somewhere. The live workspace and a run's snapshot confine paths with these same two checks.
import fs from 'node:fs';
import path from 'node:path';

/** Whether the absolute path `p` is `dir` or inside it (by name: symlinks are not followed). */
export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The path with its longest existing prefix resolved through symlinks (dangling ones followed by hand). */
export function realpathOfExistingPrefix(abs: string): string {
  const rest: string[] = [];
  for (let probe = abs; ;) {
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
