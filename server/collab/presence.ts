// Presence for a workspace: one y-protocols Awareness relayed between clients. Each update is
// decoded and checked before it is applied: a client may only speak for its own awareness ids,
// and each state must match the presence schema. In a cluster, the node tells the other nodes what
// its own people changed and keeps theirs (applied as REMOTE), so a person on one node sees people
// on every node; a node that died stops renewing its people's states, which time out after 30 s.
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { ProtocolFailure, presenceStateSchema } from '../../lib/protocol';
import { REMOTE_ORIGIN } from './origins';

export type PresenceOut = {
  /** To this process's clients, except the connection the update came from. */
  clients(data: Uint8Array, exceptSocket: string | null): void;
  /** Cluster mode: to the other nodes, which pass it on to their clients. */
  peers?(data: Uint8Array): void;
};

/**
 * Changes the other nodes make themselves: y-protocols drops a state nobody renewed for 30 s
 * ('timeout', on every node), and the server's own (empty) state changes ('local').
 */
const NOT_TOLD = new Set<unknown>([REMOTE_ORIGIN, 'timeout', 'local']);

export class Presence {
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  private readonly owners = new Map<number, string>();

  constructor(private readonly out: PresenceOut) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const data = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
      this.out.clients(data, typeof origin === 'string' ? origin : null);
      if (!NOT_TOLD.has(origin)) this.out.peers?.(data);
    });
  }

  /** Another node's people changed (trusted: that node checked its own clients). */
  applyRemote(data: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, data, REMOTE_ORIGIN);
  }

  /** The states of this process's own connections, for a node that asks. */
  localSnapshot(): Uint8Array | null {
    const ids = [...this.owners.keys()].filter((id) => this.awareness.getStates().has(id));
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  apply(socketId: string, data: Uint8Array): void {
    const clients = decodeClients(data);
    for (const { clientId, state } of clients) {
      const owner = this.owners.get(clientId);
      if (owner !== undefined && owner !== socketId) {
        throw new ProtocolFailure('forbidden', `awareness client ${clientId} belongs to another connection`);
      }
      if (state !== null) {
        const parsed = presenceStateSchema.safeParse(state);
        if (!parsed.success)
          throw new ProtocolFailure('bad_request', `bad presence state: ${parsed.error.issues[0]?.message}`);
      }
    }
    for (const { clientId } of clients) this.owners.set(clientId, socketId);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, data, socketId);
  }

  /** Everyone's current state, for a client that just connected. */
  snapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  disconnect(socketId: string): void {
    const ids = [...this.owners].filter(([, s]) => s === socketId).map(([id]) => id);
    ids.forEach((id) => this.owners.delete(id));
    if (ids.length) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  close(): void {
    this.awareness.destroy();
  }
}

function decodeClients(data: Uint8Array): { clientId: number; state: unknown }[] {
  try {
    const decoder = decoding.createDecoder(data);
    const count = decoding.readVarUint(decoder);
    if (count > 64) throw new Error(`too many clients in one update (${count})`);
    const out: { clientId: number; state: unknown }[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      out.push({ clientId, state: JSON.parse(decoding.readVarString(decoder)) });
    }
    return out;
  } catch (err) {
    if (err instanceof ProtocolFailure) throw err;
    throw new ProtocolFailure('bad_request', `malformed awareness update: ${(err as Error).message}`);
  }
}
