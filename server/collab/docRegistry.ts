// The open documents of a workspace: opened on first use, shared by every client that has the
// file open, watched on disk while open, and closed (after a final save) when the last one leaves.
import fs from 'node:fs';
import { ProtocolFailure, type DocGeneration, type DocNotice, type DocStatus, type Eol } from '../../lib/protocol';
import type { DocStore } from '../store/docStore';
import type { Workspace } from '../workspace/workspace';
import { DiskWatch } from './diskWatch';
import type { GenerationPolicy } from './docGeneration';
import { DocRoom } from './docRoom';
import type { DocCluster } from './roomDeps';

export type DocRegistryEvents = {
  update(path: string, update: Uint8Array, origin: unknown): void;
  status(status: DocStatus): void;
  notice(notice: DocNotice): void;
  /** A document started a new generation (docGeneration.ts): its members swap to it. */
  generation(generation: DocGeneration): void;
  /** A file was deleted through Tandem: everyone who has it open closes it. */
  removed(path: string, by: string): void;
};

type Entry = {
  room: Promise<DocRoom>;
  /** The room once it has opened: read without waiting (see heldNow). */
  opened: DocRoom | null;
  holders: Set<string>;
  unwatch: (() => void) | null;
  /** Cluster mode: stops following the other nodes' updates and gives up the file's lease. */
  unfollow: (() => Promise<void>) | null;
};

/** Cluster mode: what a node does while it has a document open (server/cluster/docCluster.ts). */
export type RegistryCluster = DocCluster & { follow(room: DocRoom): () => Promise<void> };

export class DocRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly diskWatch = new DiskWatch();

  constructor(
    private readonly deps: {
      store: DocStore;
      workspace: Workspace;
      autosaveMs: number;
      events: DocRegistryEvents;
      log: (m: string) => void;
      cluster?: RegistryCluster;
      generations?: GenerationPolicy;
    },
  ) {}

  /** Opens (or joins) a document on behalf of `holder` (a socket id, or an internal user). */
  async acquire(path: string, holder: string): Promise<DocRoom> {
    let entry = this.entries.get(path);
    if (!entry) {
      const room = DocRoom.open(path, {
        store: this.deps.store,
        workspace: this.deps.workspace,
        autosaveMs: this.deps.autosaveMs,
        log: this.deps.log,
        cluster: this.deps.cluster,
        generations: this.deps.generations,
        events: {
          update: (u, origin) => this.deps.events.update(path, u, origin),
          status: (s) => this.deps.events.status(s),
          notice: (n) => this.deps.events.notice(n),
          generation: (g) => this.deps.events.generation(g),
        },
      });
      const created: Entry = { room, opened: null, holders: new Set(), unwatch: null, unfollow: null };
      entry = created;
      this.entries.set(path, created);
      room.then(
        (r) => {
          created.opened = r;
          created.unfollow = this.deps.cluster?.follow(r) ?? null;
          created.unwatch = this.diskWatch.watch(this.deps.workspace.resolve(path), () => {
            r.onDiskChange().catch((err) => this.deps.log(`disk reload of ${path} failed: ${(err as Error).message}`));
          });
        },
        () => this.entries.delete(path),
      );
    }
    entry.holders.add(holder);
    try {
      return await entry.room;
    } catch (err) {
      entry.holders.delete(holder);
      throw err;
    }
  }

  /**
   * The room, in this turn of the event loop, if `holder` holds it and it has opened; else null (use
   * `held`). A document update applied without an await is applied before the next message of its
   * connection: a keystroke is seen before the complete/cancel sent right after it.
   */
  heldNow(path: string, holder: string): DocRoom | null {
    const entry = this.entries.get(path);
    return entry?.holders.has(holder) ? entry.opened : null;
  }

  /** The room if the document is open and `holder` holds it. */
  async held(path: string, holder: string): Promise<DocRoom | null> {
    const entry = this.entries.get(path);
    if (!entry || !entry.holders.has(holder)) return null;
    return entry.room;
  }

  /** The current text of `path` if it is open (unsaved edits included), else null: no disk read. */
  async openText(path: string): Promise<string | null> {
    const room = await this.entries.get(path)?.room.catch(() => null);
    return room ? room.text.toString() : null;
  }

  /** The current text of every open document — unsaved collaborative edits included (run snapshots). */
  async openTexts(): Promise<{ path: string; text: string; eol: Eol }[]> {
    const rooms = await Promise.all([...this.entries.values()].map((e) => e.room.catch(() => null)));
    return rooms.flatMap((r) => (r ? [{ path: r.path, text: r.text.toString(), eol: r.eol }] : []));
  }

  async release(path: string, holder: string): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry || !entry.holders.delete(holder) || entry.holders.size > 0) return;
    this.entries.delete(path);
    entry.unwatch?.();
    const room = await entry.room;
    await room.close();
    await entry.unfollow?.();
  }

  /** Cluster mode: another node deleted the file; the room here goes without saving. */
  async forget(path: string): Promise<void> {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    entry.unwatch?.();
    await (await entry.room.catch(() => null))?.discard();
    await entry.unfollow?.();
  }

  /**
   * Deletes a file. With `expected` (LF) only while its text — the live document when it is open,
   * else the disk — is still that; without it only while nobody has unsaved edits in it. Either
   * way nobody's edit is lost silently. False when it was already gone.
   */
  async remove(path: string, expected: string | null, by: string): Promise<boolean> {
    const entry = this.entries.get(path);
    const room = entry ? await entry.room.catch(() => null) : null;
    const st = fs.statSync(this.deps.workspace.resolve(path), { throwIfNoEntry: false });
    if (st?.isDirectory()) throw new ProtocolFailure('bad_request', `${path} is a folder; only files are deleted here`);
    if (!room && !st) return false;
    if (expected !== null) {
      const current = room ? room.text.toString() : ((await this.deps.workspace.readText(path))?.text ?? null);
      if (current === null) return false;
      if (current !== expected.replace(/\r\n/g, '\n')) {
        throw new ProtocolFailure('conflict', `${path} changed since the run's snapshot, so it was not deleted`);
      }
    } else if (room && room.status.state !== 'saved') {
      throw new ProtocolFailure(
        'conflict',
        `${path} has unsaved edits, so it was not deleted: save or undo them first`,
      );
    }
    if (entry && this.entries.get(path) === entry) {
      this.entries.delete(path);
      entry.unwatch?.();
    }
    await room?.discard();
    await entry?.unfollow?.();
    // History first: a crash between the two leaves the file with a fresh history, never a
    // deleted file whose old history would bring it back as unsaved text.
    await this.deps.store.drop(DocRoom.idFor(this.deps.workspace, path));
    await this.deps.workspace.remove(path);
    this.deps.events.removed(path, by);
    return true;
  }

  async releaseAll(holder: string): Promise<void> {
    const paths = [...this.entries].filter(([, e]) => e.holders.has(holder)).map(([p]) => p);
    await Promise.all(paths.map((p) => this.release(p, holder)));
  }

  async close(): Promise<void> {
    this.diskWatch.close();
    const rooms = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      rooms.map(async (e) => {
        await (await e.room.catch(() => null))?.close();
        await e.unfollow?.();
      }),
    );
  }
}
