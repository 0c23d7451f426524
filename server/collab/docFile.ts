// An open document's link to its file on disk: what the disk holds, the save state people see,
// autosave, writing the file (in a cluster only the lease holder writes, fenced right before the
// write), and following the disk when another program changes the file. The room (docRoom.ts) owns
// the text and its log; this owns everything about the file.
import { createHash } from 'node:crypto';
import type { DocNotice, DocStatus, Eol, SaveState } from '../../lib/protocol';
import { ProtocolFailure } from '../../lib/protocol';
import type { DocMeta } from '../store/docStore';
import { applyTextChange } from './applyText';
import type { DocRoom } from './docRoom';
import { DISK_ORIGIN, LOAD_ORIGIN } from './origins';
import type { DocRoomDeps } from './roomDeps';

export const hashText = (text: string) => createHash('sha256').update(text).digest('hex');

type Disk = { text: string; eol: Eol } | null;

export class DocFile {
  eol: Eol = 'lf';
  private state: SaveState = 'saved';
  private message: string | undefined;
  private diskText = '';
  private writing: string | null = null;
  private autosaveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly room: DocRoom,
    private readonly deps: DocRoomDeps,
  ) {}

  get status(): DocStatus {
    return { path: this.room.path, state: this.state, ...(this.message ? { message: this.message } : {}) };
  }

  /** What the store should hold about the file (written again when the store lost it). */
  get meta(): DocMeta {
    return { diskHash: hashText(this.diskText), eol: this.eol };
  }

  /**
   * The room's text was loaded from the store (`stored`: it had updates and the file's metadata):
   * a new document is filled from disk; a known one follows a disk changed while Tandem was stopped
   * when it had no unsaved edits, and otherwise keeps them and says so.
   */
  async loaded(disk: Disk, meta: DocMeta | null, stored: boolean): Promise<void> {
    const { store } = this.deps;
    const room = this.room;
    if (!stored || !meta) {
      if (!disk) throw new ProtocolFailure('not_found', `${this.room.path} does not exist`);
      this.eol = disk.eol;
      this.diskText = disk.text;
      if (room.text.length === 0) room.doc.transact(() => room.text.insert(0, disk.text), LOAD_ORIGIN);
      await store.setMeta(this.room.id, { diskHash: hashText(disk.text), eol: disk.eol });
      await this.room.flushed();
      return this.setState(room.text.toString() === disk.text ? 'saved' : 'dirty');
    }
    this.eol = meta.eol;
    if (!disk) {
      this.diskText = '';
      return this.setState('dirty', 'the file was deleted on disk; saving will create it again');
    }
    const diskHash = hashText(disk.text);
    if (diskHash !== meta.diskHash) {
      if (hashText(room.text.toString()) === meta.diskHash) {
        applyTextChange(room.text, disk.text, DISK_ORIGIN);
        await this.room.flushed();
      } else {
        this.notice(
          'warning',
          `${this.room.path} changed on disk while Tandem was stopped; ` +
            'the unsaved edits are kept and saving overwrites the disk version',
        );
      }
    }
    this.eol = disk.eol;
    this.diskText = disk.text;
    await store.setMeta(this.room.id, { diskHash, eol: this.eol });
    if (room.text.toString() === disk.text) return this.setState('saved');
    this.setState('dirty');
    this.scheduleAutosave();
  }

  /** Someone edited the text: it is dirty, and autosave is due. */
  edited(): void {
    if (this.state !== 'dirty' || this.message) this.setState('dirty');
    this.scheduleAutosave();
  }

  private scheduleAutosave(): void {
    if (this.deps.autosaveMs <= 0 || this.closed) return;
    this.stopAutosave();
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      this.save(true).catch(() => undefined);
    }, this.deps.autosaveMs);
  }

  /** Writes the file. In a cluster only the lease holder writes: an autosave elsewhere leaves it to the holder. */
  async save(auto = false): Promise<DocStatus> {
    await this.saveDone();
    if (this.upToDate()) return this.status;
    const cluster = this.deps.cluster;
    if (cluster && !(await cluster.claim(this.room))) {
      if (auto) return this.status;
      const status = await cluster.saveElsewhere(this.room);
      if (status) return this.savedElsewhere(status);
    }
    await this.saveDone();
    if (this.upToDate()) return this.status;
    const text = this.room.text.toString();
    this.setState('saving');
    this.writing = text;
    let superseded = false;
    this.saving = (async () => {
      try {
        // Fencing: another node may have taken the lease while this one stalled since its claim.
        if (cluster && !(await cluster.mayWrite(this.room))) {
          superseded = true;
          return this.setState('dirty');
        }
        await this.deps.workspace.writeText(this.room.path, text, this.eol);
        this.diskText = text;
        await this.deps.store.setMeta(this.room.id, { diskHash: hashText(text), eol: this.eol });
        this.setState(this.room.text.toString() === text ? 'saved' : 'dirty');
        cluster?.saved(this.room);
      } catch (err) {
        this.setState('error', `could not save ${this.room.path}: ${(err as Error).message}`);
      } finally {
        this.writing = null;
        this.saving = null;
      }
    })();
    await this.saving;
    if (superseded && cluster && !auto) {
      const status = await cluster.saveElsewhere(this.room);
      return status ? this.savedElsewhere(status) : this.status;
    }
    if (this.state === 'dirty' && !superseded) this.scheduleAutosave();
    return this.status;
  }

  /** Called when the file changed on disk: follow it when there are no unsaved edits. */
  async onDiskChange(): Promise<void> {
    if (this.closed) return;
    const { path } = this.room;
    let disk: Disk;
    try {
      disk = await this.deps.workspace.readText(path);
    } catch (err) {
      this.notice('warning', (err as Error).message);
      return;
    }
    // In a cluster only the holder follows the disk; another node notes what is there now.
    if (this.deps.cluster && !(await this.deps.cluster.claim(this.room))) return this.diskIs(disk);
    if (!disk) {
      this.notice('warning', `${path} was deleted on disk; saving will create it again`);
      this.diskText = '';
      this.setState('dirty', 'deleted on disk');
      return;
    }
    if (disk.text === this.diskText || disk.text === this.writing) return;
    const current = this.room.text.toString();
    if (current === this.diskText || current === disk.text) {
      applyTextChange(this.room.text, disk.text, DISK_ORIGIN);
      this.diskText = disk.text;
      this.eol = disk.eol;
      await this.room.flushed();
      await this.deps.store.setMeta(this.room.id, { diskHash: hashText(disk.text), eol: disk.eol });
      this.setState('saved');
      this.notice('info', `${path} was reloaded: it changed on disk`);
    } else {
      this.notice(
        'warning',
        `${path} changed on disk, but it has unsaved edits here: ` +
          'they are kept, and saving overwrites the disk version',
      );
    }
  }

  private async saveDone(): Promise<void> {
    while (this.saving) await this.saving;
  }

  /** True (and the state says saved) when the disk already has the text. */
  private upToDate(): boolean {
    if (this.room.text.toString() !== this.diskText || this.state === 'error' || this.message) return false;
    this.setState('saved');
    return true;
  }

  /** What another node's save left: the disk's text is known, and whether this copy matches it. */
  private async savedElsewhere(status: DocStatus): Promise<DocStatus> {
    if (status.state === 'error') this.setState('error', status.message);
    else this.diskIs(await this.deps.workspace.readText(this.room.path));
    return this.status;
  }

  private diskIs(disk: Disk): void {
    this.diskText = disk?.text ?? '';
    if (disk) this.eol = disk.eol;
    if (!disk) this.setState('dirty', 'deleted on disk');
    else this.setState(this.room.text.toString() === disk.text ? 'saved' : 'dirty');
  }

  private setState(state: SaveState, message?: string): void {
    this.state = state;
    this.message = message;
    this.deps.events.status(this.status);
  }

  private notice(level: DocNotice['level'], message: string): void {
    this.deps.log(message);
    this.deps.events.notice({ path: this.room.path, level, message });
  }

  /** No more autosaves; `save`: an unsaved text is saved first (a room closing), else a write in flight ends. */
  async close(save: boolean): Promise<void> {
    this.stopAutosave();
    if (save && this.state === 'dirty' && this.deps.autosaveMs > 0) await this.save(true);
    this.closed = true;
    this.stopAutosave();
    await this.saving;
  }

  private stopAutosave(): void {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
  }
}
