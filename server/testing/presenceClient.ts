// A Node awareness client for tests: announces a person and tracks who else is present.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { request, type ClientSocket } from '../../lib/client/socket';
import { toBytes } from '../../lib/protocol';

export class WorkspacePresenceClient {
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());

  /** Call before the socket connects, so the presence snapshot sent on connection is not missed. */
  constructor(
    private readonly socket: ClientSocket,
    private readonly user: { name: string; color: string },
  ) {
    socket.on('awareness/update', ({ data }) =>
      awarenessProtocol.applyAwarenessUpdate(this.awareness, toBytes(data), 'remote'),
    );
  }

  announce(): Promise<unknown> {
    this.awareness.setLocalState({ user: this.user, path: null, cursors: [] });
    const data = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]);
    return request(this.socket, 'awareness/update', { data });
  }

  names(): string[] {
    return [...this.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name ?? '');
  }
}
