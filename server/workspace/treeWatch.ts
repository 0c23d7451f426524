// Why: the file tree should follow files that other programs create, rename or delete (a
// terminal, `git checkout`, a formatter) without a refresh. One fs.watch per folder the tree
// shows — the same walk as the tree, so never node_modules or .git, where a recursive watch would
// spend thousands of inotify watches — a quiet period that turns a burst (a checkout touches
// hundreds of files) into one rescan, and a notice only when the list of paths really changed,
// so saving a file does not make every browser ask again. An event about a path the tree already
// has and that still exists (a save: temp file + rename) costs one stat, not a walk.
import fs from 'node:fs';
import path from 'node:path';
import { MAX_TREE_FILES } from '../../lib/protocol';
import { isSaveTemporary, walkFiles } from './walkFiles';

export type TreeWatchOptions = {
  /** Quiet time after the last event before the rescan. */
  quietMs?: number;
  /** Folders watched at most; beyond it the tree is still right on refresh, just not live. */
  maxDirs?: number;
};

export class TreeWatch {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private files = new Set<string>();
  private paths = '';
  private walks = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly quietMs: number;
  private readonly maxDirs: number;

  constructor(
    private readonly root: string,
    private readonly onChange: () => void,
    opts: TreeWatchOptions = {},
  ) {
    this.quietMs = opts.quietMs ?? 150;
    this.maxDirs = opts.maxDirs ?? 2000;
    this.paths = this.scan();
  }

  /** Folders currently watched (for tests and the log). */
  get watching(): number {
    return this.watchers.size;
  }

  /** Walks of the tree since the first (each costs ≈ 10 ms at 5,000 files). */
  get rescans(): number {
    return this.walks - 1;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private onEvent(dir: string, name: string | Buffer | null): void {
    if (name === null) return this.poke();
    const abs = path.join(dir, name.toString());
    if (isSaveTemporary(abs)) return;
    const exists = fs.statSync(abs, { throwIfNoEntry: false }) !== undefined;
    const known = this.files.has(abs) || this.watchers.has(abs);
    if (exists !== known) this.poke();
  }

  private poke = (): void => {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.closed) return;
      const paths = this.scan();
      if (paths === this.paths) return;
      this.paths = paths;
      this.onChange();
    }, this.quietMs);
  };

  /** Walks the tree, watches its folders (dropping the ones gone), returns the path list. */
  private scan(): string {
    this.walks++;
    const { files, dirs } = walkFiles(this.root, this.root, MAX_TREE_FILES);
    const wanted = new Set(dirs.slice(0, this.maxDirs));
    for (const [dir, watcher] of this.watchers) {
      if (wanted.has(dir)) continue;
      watcher.close();
      this.watchers.delete(dir);
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.onEvent(dir, name));
        // A watched folder that is removed reports an error on some systems: rescan then.
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
          this.poke();
        });
        this.watchers.set(dir, watcher);
      } catch {
        // removed between the walk and the watch: the next event rescans
      }
    }
    this.files = new Set(files);
    return files.join('\n');
  }
}
