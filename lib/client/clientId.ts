// This tab's fast-lane identity as the server tells it on each connection (`session/client`): the
// turns whose `byClient` is this one are the tab's own, across reconnects. Followed from the
// socket's creation, so a part built after the connection (or a test's client) does not miss it.
import type { ClientSocket } from './socket';

const ids = new WeakMap<ClientSocket, string>();

export function followClientId(socket: ClientSocket): void {
  socket.on('session/client', ({ client }) => ids.set(socket, client));
}

export function clientIdOf(socket: ClientSocket): string | null {
  return ids.get(socket) ?? null;
}
