// Emitting to everyone in a room, on every node, without making this node's own people wait for
// Redis: an event goes to the room's sockets here at once (io.local), and to the other nodes as one
// server-side event that each of them hands to its own members of the room. It goes out only when
// another node may have people in the room (roomPeers.ts): a fast-lane delta of a file nobody else
// has open costs no Redis publish. Nothing is excepted (the old path through the adapter excepted
// this node's members by socket id, an array per emit, carried in every Redis message), and a node
// with nobody in the room drops the event without encoding it. Embedded (no cluster): the local
// emit is the whole broadcast.
import type { ServerToClientEvents } from '../../lib/protocol';
import type { TandemIo } from '../gateway/gateway';
import type { RoomEvent } from './clusterEvents';

type Events = ServerToClientEvents;
/** Sends `event` to `room` (null: every connection) on every node. */
export type Broadcast = <E extends keyof Events>(room: string | null, event: E, ...args: Parameters<Events[E]>) => void;

/** The sockets of this process only. */
export function localBroadcast(io: TandemIo): Broadcast {
  return (room, event, ...args) => void (room === null ? io.local : io.local.to(room)).emit(event, ...args);
}

/**
 * Here at once, and through Redis to the other nodes when one of them may have people in the room
 * and Redis is `connected` (the adapter drops a publish's promise: one queued while Redis is away
 * and failed at shutdown would be an unhandled rejection; and a late event is of no use to anyone).
 */
export function clusterBroadcast(
  io: TandemIo,
  peers: { elsewhere(room: string): boolean },
  connected: () => boolean,
): Broadcast {
  const local = localBroadcast(io);
  const rooms = io.of('/').adapter.rooms;
  io.on('cluster:room', (m: RoomEvent) => {
    if (m.room === null || rooms.has(m.room)) local(m.room, m.event, ...m.args);
  });
  return (room, event, ...args) => {
    local(room, event, ...args);
    if ((room !== null && !peers.elsewhere(room)) || !connected()) return;
    io.serverSideEmit('cluster:room', { room, event, args } as RoomEvent);
  };
}
