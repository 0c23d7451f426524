// Which file the editor shows, kept as a state rather than fired as an event: `whenShown(path)`
// resolves at once when that file is already on screen (opening the open file changes nothing, so
// no event would ever come), else the next time the editor shows it.
export class ShownFile {
  private current: string | null = null;
  private readonly waiting = new Map<string, Set<() => void>>();

  /** The editor reports the file it now shows (null: none). */
  set(path: string | null): void {
    this.current = path;
    if (path === null) return;
    this.waiting.get(path)?.forEach((resolve) => resolve());
    this.waiting.delete(path);
  }

  whenShown(path: string): Promise<void> {
    if (this.current === path) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiting.get(path) ?? new Set();
      set.add(resolve);
      this.waiting.set(path, set);
    });
  }
}
