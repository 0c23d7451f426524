// Notices changes made to open files by other programs. One fs.watch per directory that holds an
// open file (not a recursive watch of the workspace, which would walk node_modules).
import fs from 'node:fs';
import path from 'node:path';

type Listener = () => void;

export class DiskWatch {
  private readonly dirs = new Map<string, { watcher: fs.FSWatcher; files: Map<string, Set<Listener>> }>();

  watch(absFile: string, onChange: Listener): () => void {
    const dir = path.dirname(absFile);
    const base = path.basename(absFile);
    let entry = this.dirs.get(dir);
    if (!entry) {
      const files = new Map<string, Set<Listener>>();
      const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (!name) {
          for (const set of files.values()) set.forEach((l) => l());
          return;
        }
        files.get(name.toString())?.forEach((l) => l());
      });
      watcher.on('error', () => undefined);
      entry = { watcher, files };
      this.dirs.set(dir, entry);
    }
    const listeners = entry.files.get(base) ?? new Set<Listener>();
    entry.files.set(base, listeners);
    listeners.add(onChange);
    const current = entry;
    return () => {
      listeners.delete(onChange);
      if (listeners.size === 0) current.files.delete(base);
      if (current.files.size === 0) {
        current.watcher.close();
        this.dirs.delete(dir);
      }
    };
  }

  close(): void {
    for (const { watcher } of this.dirs.values()) watcher.close();
    this.dirs.clear();
  }
}
