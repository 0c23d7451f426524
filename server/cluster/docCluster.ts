// A node's part in keeping a document shared across the cluster (the DocRoom/DocRegistry hooks):
// it follows the other nodes' updates of every document open here, holds or waits for the file's
// lease, loads a document alone, and saves once — on the holder, which an explicit save elsewhere
// asks (after the holder has seen the asker's edits). The other nodes then note the new file. News of
// a save or a deletion goes through Redis durably (docNews.ts), so a node cut off meanwhile still gets it.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { DocStatus } from '../../lib/protocol';
import type { RegistryCluster } from '../collab/docRegistry';
import type { DocRoom } from '../collab/docRoom';
import { REMOTE_ORIGIN } from '../collab/origins';
import type { ClusterTalk } from './clusterTalk';
import type { DocFeed } from './docFeed';
import { tellNews, type DocNews } from './docNews';
import { LEASE_TTL_MS, type FileLeases } from './fileLeases';
import { docKeys } from './keys';
import { CLAIM, RELEASE, runScript } from './scripts';
import { waitForState } from './stateVector';

/** How long a holder waits for an asker's edits to reach it before it saves anyway. */
const CATCH_UP_MS = 3000;
/** How long an explicit save waits for the holder's answer. */
const SAVE_ASK_MS = 5000;
/** A load holds its lock at most this long (a node that dies while loading frees it then). */
const LOADING_TTL_MS = 30_000;

export type DocClusterDeps = {
  redis: Redis;
  nodeId: string;
  feed: DocFeed;
  leases: FileLeases;
  talk: ClusterTalk;
  autosaveMs: number;
  log: (m: string) => void;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class DocCluster implements RegistryCluster {
  private readonly rooms = new Map<string, DocRoom>();
  private readonly keeper: NodeJS.Timeout;
  private removedFn: (path: string) => void = () => undefined;

  constructor(private readonly deps: DocClusterDeps) {
    this.keeper = setInterval(() => this.keepLeases(), LEASE_TTL_MS / 3);
    deps.talk.answer('save', (ask) => this.saveForAnother(ask.path, ask.sv));
    deps.feed.news((news) => this.onNews(news));
  }

  async loading<T>(room: DocRoom, load: () => Promise<T>): Promise<T> {
    const key = docKeys(room.id).loading;
    const token = `${this.deps.nodeId}:${randomUUID()}`;
    const start = Date.now();
    while ((await runScript(this.deps.redis, CLAIM, [key], [token, LOADING_TTL_MS])) !== 1) {
      if (Date.now() - start > LOADING_TTL_MS) throw new Error(`${room.path} is still being loaded by another node`);
      await sleep(25);
    }
    try {
      return await load();
    } finally {
      await runScript(this.deps.redis, RELEASE, [key], [token]).catch(() => undefined);
    }
  }

  async claim(room: DocRoom): Promise<boolean> {
    return this.deps.leases.holds(room.id) || this.deps.leases.claim(room.id);
  }

  mayWrite(room: DocRoom): Promise<boolean> {
    return this.deps.leases.mayWrite(room.id);
  }

  async saveElsewhere(room: DocRoom): Promise<DocStatus | null> {
    const { leases, talk } = this.deps;
    const deadline = Date.now() + 2 * LEASE_TTL_MS + SAVE_ASK_MS;
    while (Date.now() < deadline) {
      const holder = await leases.holder(room.id);
      if (holder === null || holder === this.deps.nodeId) {
        if (await leases.claim(room.id)) return null;
        continue;
      }
      const answer = await talk.ask(
        holder,
        'save',
        { path: room.path, sv: Y.encodeStateVector(room.doc) },
        SAVE_ASK_MS,
      );
      if (answer) {
        // Reply once this copy has what the holder wrote, so it can tell it matches the file.
        await waitForState(room.doc, answer.sv, CATCH_UP_MS);
        return answer.status;
      }
      // No answer: the holder is gone or no longer has it open; its lease runs out soon.
      await sleep(250);
      if (await leases.claim(room.id)) return null;
    }
    return {
      path: room.path,
      state: 'error',
      message: `could not save ${room.path}: another node holds it and does not answer`,
    };
  }

  saved(room: DocRoom): void {
    this.tell({ kind: 'saved', path: room.path, sv: Y.encodeStateVector(room.doc) });
  }

  /** The file was deleted through this node: every other node closes its copy without saving. */
  removed(path: string): void {
    this.tell({ kind: 'removed', path });
  }

  /** What this node does when another deleted a file (close its copy, stop its ghosts). */
  onRemoved(fn: (path: string) => void): void {
    this.removedFn = fn;
  }

  private tell(news: Parameters<typeof tellNews>[2]): void {
    tellNews(this.deps.redis, this.deps.nodeId, news).catch((err: Error) =>
      this.deps.log(`telling the other nodes that ${news.path} was ${news.kind}: ${err.message}`),
    );
  }

  private onNews(news: DocNews): void {
    const room = this.rooms.get(news.path);
    if (!room || !this.deps.feed.newer(room.id, news)) return;
    if (news.kind === 'removed') this.removedFn(news.path);
    else void this.savedElsewhere(news.path, news.sv);
  }

  follow(room: DocRoom): () => Promise<void> {
    this.rooms.set(room.path, room);
    const stop = this.deps.feed.follow(room.id, room.loadedSeq, (update) => {
      if (!room.doc.isDestroyed) Y.applyUpdate(room.doc, update, REMOTE_ORIGIN);
    });
    void this.deps.leases.claim(room.id);
    return async () => {
      stop();
      if (this.rooms.get(room.path) === room) this.rooms.delete(room.path);
      await this.deps.leases.release(room.id);
    };
  }

  /** The holder's side of an explicit save asked by another node. */
  private async saveForAnother(path: string, sv: Uint8Array) {
    const room = this.rooms.get(path);
    if (!room || !this.deps.leases.holds(room.id)) return null;
    await waitForState(room.doc, sv, CATCH_UP_MS);
    const status = await room.save();
    return { status, sv: Y.encodeStateVector(room.doc) };
  }

  /** Another node wrote the file: once this copy has what it wrote, it compares itself with the disk. */
  private async savedElsewhere(path: string, sv: Uint8Array): Promise<void> {
    const room = this.rooms.get(path);
    if (!room) return;
    await waitForState(room.doc, sv, CATCH_UP_MS);
    await room.onDiskChange().catch((err) => this.deps.log(`${path}: ${(err as Error).message}`));
  }

  /** Redis lost its data: every document open here is written again and its log read from the start. */
  reseed(): void {
    for (const room of this.rooms.values()) {
      this.deps.feed.restart(room.id);
      room.reseed();
    }
  }

  /** Renews the leases held here, and takes over those whose holder went away. */
  private keepLeases(): void {
    for (const room of this.rooms.values()) {
      const had = this.deps.leases.holds(room.id);
      void this.deps.leases.claim(room.id).then((holds) => {
        if (!holds || had || this.deps.autosaveMs <= 0 || room.status.state !== 'dirty') return;
        // Taken over from a node that went away: its unsaved edits are saved here — unless the
        // document's history is gone from Redis (deleted meanwhile: the news of it is on its way).
        void this.deps.redis
          .exists(docKeys(room.id).meta)
          .then(async (n) => {
            if (n === 1) await room.save(true);
          })
          .catch((err: Error) => this.deps.log(`saving ${room.path} failed: ${err.message}`));
      });
    }
  }

  close(): void {
    clearInterval(this.keeper);
  }
}
