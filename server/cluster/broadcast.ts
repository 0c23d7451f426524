// Emitting to everyone in a room, on every node, without making this node's own people wait for
// Redis. The adapter's broadcast delivers locally only after its XADD returns (and not at all while
// Redis is down); so an event goes to the room's sockets here at once (io.local), and through the
// adapter to the room except this node's own members of it, named by socket id: excepting the
// node's room instead (every connection here is in it) made the adapter list every socket of the
// node on each emit, for every token. Embedded (no node room): the local emit is the whole
// broadcast, exactly as before.
import type { BroadcastOperator } from 'socket.io';
import type { ServerToClientEvents } from '../../lib/protocol';
import type { SocketData } from '../gateway/handle';
import type { TandemIo } from '../gateway/gateway';

export type To = BroadcastOperator<ServerToClientEvents, SocketData>;
/** Sends to `room` (null: every connection) on every node; `send` is called once per path. */
export type Broadcast = (room: string | null, send: (to: To) => void) => void;

/** The room every connection of node `nodeId` is in. */
export const nodeRoomName = (nodeId: string) => `node:${nodeId}`;

export function broadcaster(io: TandemIo, nodeRoom: string | null): Broadcast {
  if (!nodeRoom) return (room, send) => send(room ? io.local.to(room) : io.local);
  io.on('connection', (socket) => void socket.join(nodeRoom));
  return (room, send) => {
    send(room ? io.local.to(room) : io.local);
    if (room === null) return send(io.except(nodeRoom));
    const here = io.sockets.adapter.rooms.get(room);
    send(here ? io.to(room).except([...here]) : io.to(room));
  };
}
