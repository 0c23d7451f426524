// One open document: its Y.Doc (the truth for its text) and its durable update log; its link to
// the file on disk (save state, autosave, saving, following the disk) is its DocFile (docFile.ts).
// Past a number of deleted runs it starts its document over in a new generation (roomGenerations.ts).
import * as Y from 'yjs';
import type { DocStatus, Eol } from '../../lib/protocol';
import type { Workspace } from '../workspace/workspace';
import { DocFile } from './docFile';
import { DISK_ORIGIN, LOAD_ORIGIN, REMOTE_ORIGIN, STORE_ORIGIN } from './origins';
import type { DocRoomDeps } from './roomDeps';
import { RoomGenerations, type TextWatcher } from './roomGenerations';
import { RoomLog } from './roomLog';

export class DocRoom {
  private readonly generations: RoomGenerations;
  private readonly file: DocFile;
  readonly log: RoomLog;
  /** Where the log stood when the room loaded: other nodes' updates are followed from here. */
  loadedSeq = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    readonly id: string,
    private readonly deps: DocRoomDeps,
  ) {
    this.log = new RoomLog(() => this.doc, id, path, deps.store, deps.log);
    this.file = new DocFile(this, deps);
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
    return this.file.status;
  }

  /** The file's line endings (the text holds LF; they are put back when it is written). */
  get eol(): Eol {
    return this.file.eol;
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
    await this.file.loaded(disk, meta, updates.length > 0);
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === STORE_ORIGIN) return;
    const logged = origin !== REMOTE_ORIGIN && !this.generations.storing;
    if (logged) this.log.append(update);
    // To a shared store the append (sent at the end of this turn) goes before this node's own people
    // get the update: the other nodes' people wait for it, so it should not wait for them.
    if (logged && this.deps.store.shared) queueMicrotask(() => this.deps.events.update(update, origin));
    else this.deps.events.update(update, origin);
    if (origin === LOAD_ORIGIN || origin === DISK_ORIGIN) return;
    this.file.edited();
    this.generations.maybeStartOver();
  }

  /** The store lost this document's history (Redis lost its data): it is written again from this copy. */
  reseed(): void {
    this.log.reseed(this.file.meta);
  }

  /**
   * Resolves once every update applied so far is in the store (the acknowledgement point); rejects
   * with an `unavailable` refusal when the store failed to take one (it is retried, in order).
   */
  flushed(): Promise<void> {
    return this.generations.storing ? this.generations.settled().then(() => this.log.flushed()) : this.log.flushed();
  }

  /** Writes the file (see DocFile.save). */
  save(auto = false): Promise<DocStatus> {
    return this.file.save(auto);
  }

  /** Called when the file changed on disk: follow it when there are no unsaved edits. */
  onDiskChange(): Promise<void> {
    return this.file.onDiskChange();
  }

  /** Closes without saving, because the file is being deleted; a save in flight finishes first. */
  async discard(): Promise<void> {
    this.closed = true;
    await this.file.close(false);
    await this.log.close();
    this.doc.destroy();
  }

  async close(): Promise<void> {
    await this.file.close(true);
    await this.log.close();
    this.closed = true;
    this.doc.destroy();
  }
}
