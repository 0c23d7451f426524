// One open document: its Y.Doc (the truth for its text), its durable update log, and its link to
// the file on disk (autosave, explicit save, and reloads when another program changes the file).
// Past a number of deleted runs it starts its document over in a new generation (roomGenerations.ts).
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { DocNotice, DocStatus, Eol, SaveState } from '../../lib/protocol';
import { ProtocolFailure } from '../../lib/protocol';
import type { Workspace } from '../workspace/workspace';
import { applyTextChange } from './applyText';
import { DISK_ORIGIN, LOAD_ORIGIN, REMOTE_ORIGIN, STORE_ORIGIN } from './origins';
import type { DocRoomDeps } from './roomDeps';
import { RoomGenerations, type TextWatcher } from './roomGenerations';
import { RoomLog } from './roomLog';

export const hashText = (text: string) => createHash('sha256').update(text).digest('hex');

export class DocRoom {
  private readonly generations: RoomGenerations;
  eol: Eol = 'lf';
  private state: SaveState = 'saved';
  private message: string | undefined;
  private diskText = '';
  private writing: string | null = null;
  readonly log: RoomLog;
  /** Where the log stood when the room loaded: other nodes' updates are followed from here. */
  loadedSeq = 0;
  private autosaveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    readonly id: string,
    private readonly deps: DocRoomDeps,
  ) {
    this.log = new RoomLog(() => this.doc, id, path, deps.store, deps.log);
    this.generations = new RoomGenerations(
      {
        path,
        log: this.log,
        onUpdate: (update, origin) => this.onUpdate(update, origin),
        announce: (g) => deps.events.generation(g),
        isClosed: () => this.closed,
        logLine: deps.log,
      },
      deps.cluster ? undefined : deps.generations,
    );
  }

  /** The document now (a new generation replaces it: read it, do not keep it). */
  get doc(): Y.Doc {
    return this.generations.doc;
  }

  get text(): Y.Text {
    return this.doc.getText('content');
  }

  /** Hears every change of the text, in whichever generation is current; returns the unsubscribe. */
  watchText(watch: TextWatcher): () => void {
    return this.generations.watchText(watch);
  }

  /** The document's generation: sync messages made in another one are refused. */
  get generation(): number {
    return this.generations.generation;
  }

  /** The text once a new generation being stored has replaced this one (for whoever keeps Yjs positions). */
  async settledText(): Promise<Y.Text> {
    await this.generations.settled();
    return this.text;
  }

  /** Refuses (old_generation) a sync message made in another generation, changing nothing. */
  checkGeneration(generation: number | undefined): void {
    this.generations.check(generation);
  }

  /** The key of a document's log and metadata in the store. */
  static idFor(workspace: Workspace, path: string): string {
    return `${workspace.root}:${path}`;
  }

  static async open(path: string, deps: DocRoomDeps): Promise<DocRoom> {
    const room = new DocRoom(path, DocRoom.idFor(deps.workspace, path), deps);
    await (deps.cluster ? deps.cluster.loading(room, () => room.load()) : room.load());
    return room;
  }

  get status(): DocStatus {
    return { path: this.path, state: this.state, ...(this.message ? { message: this.message } : {}) };
  }

  private async load(): Promise<void> {
    const { store, workspace } = this.deps;
    const [{ updates, lastSeq, generation }, meta, disk] = await Promise.all([
      store.load(this.id),
      store.getMeta(this.id),
      workspace.readText(this.path),
    ]);
    this.log.loaded(lastSeq, updates.length);
    this.loadedSeq = lastSeq;
    this.generations.generation = generation ?? 0;
    for (const u of updates) Y.applyUpdate(this.doc, u, STORE_ORIGIN);
    if (updates.length === 0 || !meta) {
      if (!disk) throw new ProtocolFailure('not_found', `${this.path} does not exist`);
      this.eol = disk.eol;
      this.diskText = disk.text;
      if (this.text.length === 0) this.doc.transact(() => this.text.insert(0, disk.text), LOAD_ORIGIN);
      await store.setMeta(this.id, { diskHash: hashText(disk.text), eol: disk.eol });
      await this.flushed();
      this.setState(this.text.toString() === disk.text ? 'saved' : 'dirty');
      return;
    }
    this.eol = meta.eol;
    const current = this.text.toString();
    if (!disk) {
      this.diskText = '';
      this.setState('dirty', 'the file was deleted on disk; saving will create it again');
      return;
    }
    const diskHash = hashText(disk.text);
    if (diskHash !== meta.diskHash) {
      if (hashText(current) === meta.diskHash) {
        applyTextChange(this.text, disk.text, DISK_ORIGIN);
        await this.flushed();
      } else {
        this.notice(
          'warning',
          `${this.path} changed on disk while Tandem was stopped; ` +
            'the unsaved edits are kept and saving overwrites the disk version',
        );
      }
    }
    this.eol = disk.eol;
    this.diskText = disk.text;
    await store.setMeta(this.id, { diskHash, eol: this.eol });
    if (this.text.toString() === disk.text) this.setState('saved');
    else {
      this.setState('dirty');
      this.scheduleAutosave();
    }
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === STORE_ORIGIN) return;
    if (origin !== REMOTE_ORIGIN && !this.generations.storing) {
      this.log.append(update);
    }
    this.deps.events.update(update, origin);
    if (origin === LOAD_ORIGIN || origin === DISK_ORIGIN) return;
    if (this.state !== 'dirty' || this.message) this.setState('dirty');
    this.scheduleAutosave();
    this.generations.maybeStartOver();
  }

  /** The store lost this document's history (Redis lost its data): it is written again from this copy. */
  reseed(): void {
    this.log.reseed({ diskHash: hashText(this.diskText), eol: this.eol });
  }

  /**
   * Resolves once every update applied so far is in the store (the acknowledgement point); rejects
   * with an `unavailable` refusal when the store failed to take one (it is retried, in order).
   */
  flushed(): Promise<void> {
    return this.generations.storing ? this.generations.settled().then(() => this.log.flushed()) : this.log.flushed();
  }

  private scheduleAutosave(): void {
    if (this.deps.autosaveMs <= 0 || this.closed) return;
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
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
    if (cluster && !(await cluster.claim(this))) {
      if (auto) return this.status;
      const status = await cluster.saveElsewhere(this);
      if (status) return this.savedElsewhere(status);
    }
    await this.saveDone();
    if (this.upToDate()) return this.status;
    const text = this.text.toString();
    this.setState('saving');
    this.writing = text;
    let superseded = false;
    this.saving = (async () => {
      try {
        // Fencing: another node may have taken the lease while this one stalled since its claim.
        if (cluster && !(await cluster.mayWrite(this))) {
          superseded = true;
          return this.setState('dirty');
        }
        await this.deps.workspace.writeText(this.path, text, this.eol);
        this.diskText = text;
        await this.deps.store.setMeta(this.id, { diskHash: hashText(text), eol: this.eol });
        this.setState(this.text.toString() === text ? 'saved' : 'dirty');
        this.deps.cluster?.saved(this);
      } catch (err) {
        this.setState('error', `could not save ${this.path}: ${(err as Error).message}`);
      } finally {
        this.writing = null;
        this.saving = null;
      }
    })();
    await this.saving;
    if (superseded && cluster && !auto) {
      const status = await cluster.saveElsewhere(this);
      return status ? this.savedElsewhere(status) : this.status;
    }
    if (this.state === 'dirty' && !superseded) this.scheduleAutosave();
    return this.status;
  }

  /** Called when the file changed on disk: follow it when there are no unsaved edits. */
  async onDiskChange(): Promise<void> {
    if (this.closed) return;
    let disk: { text: string; eol: Eol } | null;
    try {
      disk = await this.deps.workspace.readText(this.path);
    } catch (err) {
      this.notice('warning', (err as Error).message);
      return;
    }
    // In a cluster only the holder follows the disk; another node notes what is there now.
    if (this.deps.cluster && !(await this.deps.cluster.claim(this))) return this.diskIs(disk);
    if (!disk) {
      this.notice('warning', `${this.path} was deleted on disk; saving will create it again`);
      this.diskText = '';
      this.setState('dirty', 'deleted on disk');
      return;
    }
    if (disk.text === this.diskText || disk.text === this.writing) return;
    const current = this.text.toString();
    if (current === this.diskText || current === disk.text) {
      applyTextChange(this.text, disk.text, DISK_ORIGIN);
      this.diskText = disk.text;
      this.eol = disk.eol;
      await this.flushed();
      await this.deps.store.setMeta(this.id, { diskHash: hashText(disk.text), eol: disk.eol });
      this.setState('saved');
      this.notice('info', `${this.path} was reloaded: it changed on disk`);
    } else {
      this.notice(
        'warning',
        `${this.path} changed on disk, but it has unsaved edits here: ` +
          'they are kept, and saving overwrites the disk version',
      );
    }
  }

  private async saveDone(): Promise<void> {
    while (this.saving) await this.saving;
  }

  /** True (and the state says saved) when the disk already has the text. */
  private upToDate(): boolean {
    if (this.text.toString() !== this.diskText || this.state === 'error' || this.message) return false;
    this.setState('saved');
    return true;
  }

  /** What another node's save left: the disk's text is known, and whether this copy matches it. */
  private async savedElsewhere(status: DocStatus): Promise<DocStatus> {
    if (status.state === 'error') this.setState('error', status.message);
    else this.diskIs(await this.deps.workspace.readText(this.path));
    return this.status;
  }

  private diskIs(disk: { text: string; eol: Eol } | null): void {
    this.diskText = disk?.text ?? '';
    if (disk) this.eol = disk.eol;
    if (!disk) this.setState('dirty', 'deleted on disk');
    else this.setState(this.text.toString() === disk.text ? 'saved' : 'dirty');
  }

  private setState(state: SaveState, message?: string): void {
    this.state = state;
    this.message = message;
    this.deps.events.status(this.status);
  }

  private notice(level: DocNotice['level'], message: string): void {
    this.deps.log(message);
    this.deps.events.notice({ path: this.path, level, message });
  }

  /** Closes without saving, because the file is being deleted; a save in flight finishes first. */
  async discard(): Promise<void> {
    this.closed = true;
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
    await this.saving;
    await this.log.close();
    this.doc.destroy();
  }

  async close(): Promise<void> {
    if (this.autosaveTimer) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
    if (this.state === 'dirty' && this.deps.autosaveMs > 0) await this.save(true);
    await this.log.close();
    this.closed = true;
    this.doc.destroy();
  }
}
