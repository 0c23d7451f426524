// One node's conversation with the rest of the cluster, once its Socket.IO server runs on the
// adapter: documents (DocCluster), presence (its people's awareness told to the others, theirs
// kept here), the fast-lane turns streaming on the other nodes (for a person who opens a file
// mid-stream), and deleted files (every node closes its copy).
import type { Redis } from 'ioredis';
import type { FastTurnSnapshot } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import type { Presence } from '../collab/presence';
import type { FastLane } from '../fastlane/fastLane';
import type { TandemIo } from '../gateway/gateway';
import { ClusterTalk } from './clusterTalk';
import { DocCluster } from './docCluster';
import type { DocFeed } from './docFeed';
import type { FileLeases } from './fileLeases';

/** How long a node waits for the others' fast-lane turns (a node that died does not answer). */
const TURNS_WAIT_MS = 1000;
const PRESENCE_WAIT_MS = 1000;

export type ClusterNodeDeps = {
  io: TandemIo;
  redis: Redis;
  nodeId: string;
  feed: DocFeed;
  leases: FileLeases;
  autosaveMs: number;
  log: (m: string) => void;
};

export class ClusterNode {
  readonly talk: ClusterTalk;
  readonly docs: DocCluster;
  private closed = false;

  constructor(deps: ClusterNodeDeps) {
    this.talk = new ClusterTalk(deps.io, deps.nodeId, deps.log);
    this.docs = new DocCluster({ ...deps, talk: this.talk });
  }

  /** Presence's way out to the other nodes. */
  readonly presencePeers = (data: Uint8Array) => this.talk.tell('awareness', { data });

  /** Answers the other nodes' questions and follows their news, with this node's parts. */
  serve(parts: { docs: DocRegistry; presence: Presence; fast: FastLane }): void {
    const { docs, presence, fast } = parts;
    this.talk.answer('presence', () => presence.localSnapshot());
    this.talk.answer('fastTurns', ({ path }) => fast.active(path));
    this.talk.listen('awareness', ({ data }) => presence.applyRemote(new Uint8Array(data)));
    this.talk.listen('removed', ({ path }) => {
      fast.fileDeleted(path);
      void docs.forget(path);
    });
    void this.learnPresence(presence);
  }

  /**
   * A node that starts late learns who is already here. Its subscription to the others may not be
   * up yet at the first try, hence a few tries (people renew their state every 15 s anyway).
   */
  private async learnPresence(presence: Presence): Promise<void> {
    for (let attempt = 0; attempt < 5 && !this.closed; attempt++) {
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
      if (this.closed) return;
      const answers = await this.talk.askAll('presence', {}, PRESENCE_WAIT_MS).catch(() => []);
      for (const a of answers) if (a) presence.applyRemote(new Uint8Array(a));
      if (answers.length > 0) return;
    }
  }

  /** The file was deleted here: the other nodes drop their copies and stop its ghosts. */
  removed(path: string): void {
    this.talk.tell('removed', { path });
  }

  /** The fast-lane turns streaming on `path` on the other nodes. */
  async fastTurns(path: string): Promise<FastTurnSnapshot[]> {
    return (await this.talk.askAll('fastTurns', { path }, TURNS_WAIT_MS)).flat();
  }

  close(): void {
    this.closed = true;
    this.docs.close();
    this.talk.close();
  }
}
