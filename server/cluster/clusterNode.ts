// One node's conversation with the rest of the cluster, once its Socket.IO server runs on the
// adapter: documents (DocCluster), presence (its people's awareness told to the others, theirs
// kept here), the fast-lane turns streaming on the other nodes (for a person who opens a file
// mid-stream, or who reconnected here and steers the turn they started on another node), and
// deleted files (every node closes its copy).
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type * as Y from 'yjs';
import { ProtocolFailure, type FastTurnSnapshot } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import type { Presence } from '../collab/presence';
import { controlTurn, type FastControl, type FastControlReply } from '../fastlane/fastControl';
import type { FastLane } from '../fastlane/fastLane';
import type { ConnectedClients } from '../gateway/clientIdentity';
import { docRoomName } from '../gateway/handle';
import type { TandemIo } from '../gateway/gateway';
import { clusterBroadcast, type Broadcast } from './broadcast';
import { ClusterTalk } from './clusterTalk';
import { DocCluster } from './docCluster';
import type { DocFeed } from './docFeed';
import type { FileLeases } from './fileLeases';
import { RoomRoster } from './roomRoster';

/** How long a node waits for the others' fast-lane turns (a node that died does not answer). */
const TURNS_WAIT_MS = 1000;
const PRESENCE_WAIT_MS = 1000;
/** An interrupt waits up to 2 s for the model's stream to close on the node that runs it. */
const CONTROL_WAIT_MS = 5000;
const CLIENT_WAIT_MS = 1000;

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
  /** Which document rooms the other nodes have people in (so a broadcast skips Redis when none has). */
  readonly roster: RoomRoster;
  /** To a room's people on every node: here at once, elsewhere only when someone there has it open. */
  readonly broadcast: Broadcast;
  private closed = false;

  private readonly io: TandemIo;

  constructor(deps: ClusterNodeDeps) {
    this.io = deps.io;
    this.talk = new ClusterTalk(deps.io, deps.nodeId, deps.log);
    this.docs = new DocCluster({ ...deps, talk: this.talk });
    this.roster = new RoomRoster(deps.io, this.talk, deps.redis);
    this.broadcast = clusterBroadcast(deps.io, this.roster.peers, this.roster.connected);
  }

  /** Presence's way out to the other nodes. */
  readonly presencePeers = (data: Uint8Array) => this.talk.tell('awareness', { data });

  /** Answers the other nodes' questions and follows their news, with this node's parts. */
  serve(parts: { docs: DocRegistry; presence: Presence; fast: FastLane; clients: ConnectedClients }): void {
    const { docs, presence, fast, clients } = parts;
    this.talk.answer('presence', () => presence.localSnapshot());
    this.talk.answer('fastTurns', ({ path }) => fast.active(path));
    this.talk.answer('clientHere', ({ client }) => clients.has(client));
    this.talk.answer('fastControl', async ({ client, control }) => {
      const session = fast.sessionOf(client, control.requestId);
      if (!session)
        return control.kind === 'resolve' && (await fast.resolveLeft(client, control.resolve)) ? { reply: {} } : null;
      // The person's connection is on another node: this node holds the document while it reads it.
      const withText = async (use: (text: Y.Text) => void) => {
        const holder = `fast-control:${randomUUID()}`;
        const room = await docs.acquire(session.path, holder);
        try {
          use(room.text);
        } finally {
          await docs.release(session.path, holder);
        }
      };
      try {
        return { reply: await controlTurn(session, control, withText) };
      } catch (err) {
        if (err instanceof ProtocolFailure) return { error: { code: err.code, message: err.message } };
        throw err;
      }
    });
    this.talk.listen('awareness', ({ data }) => presence.applyRemote(new Uint8Array(data)));
    this.docs.onRemoved((path) => {
      fast.fileDeleted(path);
      void docs.forget(path);
      // Its people may have missed the deleting node's broadcast (this node was cut off from Redis);
      // a browser that already closed the file ignores a second notice.
      this.io.local.to(docRoomName(path)).emit('doc/removed', { path, by: 'someone on another node' });
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
    this.docs.removed(path);
  }

  /** Passes a person's control of their turn to the node that streams it. */
  async fastControl(client: string, control: FastControl): Promise<FastControlReply> {
    const answers = await this.talk.askAll('fastControl', { client, control }, CONTROL_WAIT_MS, (a) => a !== null);
    const answer = answers.find((a) => a !== null);
    if (!answer) throw new ProtocolFailure('not_found', `no fast edit ${control.requestId} of yours is in progress`);
    if ('error' in answer) throw new ProtocolFailure(answer.error.code, answer.error.message);
    return answer.reply;
  }

  /** Whether a browser tab is connected to another node. */
  async clientElsewhere(client: string): Promise<boolean> {
    const answers = await this.talk.askAll('clientHere', { client }, CLIENT_WAIT_MS, (here) => here);
    return answers.some((here) => here);
  }

  /** The fast-lane turns streaming on `path` on the other nodes. */
  async fastTurns(path: string): Promise<FastTurnSnapshot[]> {
    return (await this.talk.askAll('fastTurns', { path }, TURNS_WAIT_MS)).flat();
  }

  close(): void {
    this.closed = true;
    this.docs.close();
    this.roster.close();
    this.talk.close();
  }
}
