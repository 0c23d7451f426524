// This node's side of RoomPeers (roomPeers.ts): it tells the other nodes when the first of its
// people joins a document's room and when the last one leaves (the adapter's create-room and
// delete-room), and its whole list every period (news lost while Redis was away is mended by the
// next one); it keeps what the others tell. A person who opens a file on another node is known here
// before that node asks for the turns streaming on it: both go out on the same pub/sub channel, in
// order, so every delta after the snapshot this node answers with is published to them.
import type { Redis } from 'ioredis';
import { docRoomName } from '../gateway/handle';
import type { TandemIo } from '../gateway/gateway';
import type { ClusterTalk } from './clusterTalk';
import { RoomPeers } from './roomPeers';

/** How often each node tells its whole list of rooms. */
export const ROSTER_EVERY_MS = 5000;

const DOC_ROOM = docRoomName('');
/** Only documents' rooms are told: an event to any other room goes to the other nodes whatever they hold. */
export const isTracked = (room: string) => room.startsWith(DOC_ROOM);

export class RoomRoster {
  readonly peers: RoomPeers;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: TandemIo,
    private readonly talk: ClusterTalk,
    private readonly redis: Redis,
    everyMs = ROSTER_EVERY_MS,
  ) {
    this.peers = new RoomPeers(everyMs);
    const node = talk.nodeId;
    const adapter = io.of('/').adapter;
    // While Redis is away nothing is told (it would wait in the client's queue): coming back tells all.
    adapter.on('create-room', (room: string) => {
      if (isTracked(room) && this.connected()) talk.tell('room', { node, room, here: true });
    });
    adapter.on('delete-room', (room: string) => {
      if (isTracked(room) && this.connected()) talk.tell('room', { node, room, here: false });
    });
    talk.listen('room', (m) => (m.here ? this.peers.joined(m.node, m.room) : this.peers.left(m.node, m.room)));
    talk.listen('rooms', (m) => this.peers.all(m.node, m.rooms));
    this.timer = setInterval(() => {
      this.peers.expire();
      this.tellAll();
    }, everyMs);
    this.timer.unref();
    redis.on('ready', this.reconnected);
  }

  /** The rooms this node has people in. */
  rooms(): string[] {
    return [...this.io.of('/').adapter.rooms.keys()].filter(isTracked);
  }

  /** Whether this node's Redis connection is up. */
  readonly connected = (): boolean => this.redis.status === 'ready';

  private tellAll(): void {
    if (this.connected()) this.talk.tell('rooms', { node: this.talk.nodeId, rooms: this.rooms() });
  }

  /** Redis came back: news may have been lost both ways. */
  private readonly reconnected = (): void => {
    this.peers.unsure();
    this.tellAll();
  };

  close(): void {
    clearInterval(this.timer);
    this.redis.off('ready', this.reconnected);
  }
}
