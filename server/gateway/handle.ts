// The one door for client events: checks the payload against its zod schema, runs the handler,
// and always answers through the acknowledgement — a bad payload gets a clear error and changes
// nothing, a handler's refusal keeps its own code and message. Also the one check that a document
// is open on the connection asking (what "may edit or review it" means). Before a handler runs, the
// connection's role must allow the event (server/auth/permissions.ts): a viewer is refused with
// `forbidden` and nothing happens.
import type { Socket } from 'socket.io';
import {
  clientEventSchemas,
  fail,
  ProtocolFailure,
  type Ack,
  type ClientEventName,
  type ClientPayload,
  type ClientToServerEvents,
  type ErrorCode,
  type Role,
  type ServerReply,
  type ServerToClientEvents,
} from '../../lib/protocol';
import type { ClusterEvents } from '../cluster/clusterEvents';
import type { DocRegistry } from '../collab/docRegistry';
import type { DocRoom } from '../collab/docRoom';
import type { EventGate } from '../limits/limits';
import { atLeast, EVENT_ROLES, eventRole, refusal } from '../auth/permissions';

export type TandemSocket = Socket<ClientToServerEvents, ServerToClientEvents, ClusterEvents, SocketData>;
/** `client`: the browser tab behind the connection, the same across its reconnects (clientIdentity.ts). */
/** `role` and `inviteId` come from the token the handshake presented (server/auth/people.ts). */
export type SocketData = { name: string; client: string; role: Role; inviteId: string | null };

/** The Socket.IO room of everyone who has a document open. */
export const docRoomName = (path: string) => `doc:${path}`;

type Handler<E extends ClientEventName> = (payload: ClientPayload<E>) => Promise<ServerReply<E>> | ServerReply<E>;

export function on<E extends ClientEventName>(
  socket: TandemSocket,
  event: E,
  handler: Handler<E>,
  log: (m: string) => void,
): void {
  const schema = clientEventSchemas[event];
  const listener = async (...args: unknown[]) => {
    const ack = args[args.length - 1];
    const reply = typeof ack === 'function' ? (ack as (r: Ack<ServerReply<E>>) => void) : () => undefined;
    // Without an acknowledgement nothing is done: the caller could not learn what happened.
    if (args.length !== 2 || typeof ack !== 'function') {
      reply(fail('bad_request', `${event} takes one payload object and an acknowledgement callback`));
      return;
    }
    const { role } = socket.data;
    if (!atLeast(role, EVENT_ROLES[event])) return reply(fail('forbidden', refusal(event, role, EVENT_ROLES[event])));
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      reply(fail('bad_request', `invalid ${event} payload${where}: ${issue?.message ?? 'rejected'}`));
      return;
    }
    const need = eventRole(event, parsed.data as ClientPayload<E>);
    if (!atLeast(role, need)) return reply(fail('forbidden', refusal(describe(event, need), role, need)));
    try {
      // A handler that answers synchronously is answered in the same tick: nothing (a delta, a
      // state event) can be emitted between what it read and the reply that carries it.
      const out = handler(parsed.data as ClientPayload<E>);
      const result = out instanceof Promise ? await out : out;
      reply({ ok: true, ...(result as object) } as Ack<ServerReply<E>>);
    } catch (err) {
      if (err instanceof ProtocolFailure) {
        reply(fail(err.code, err.message));
      } else {
        log(`${event} failed: ${(err as Error).stack ?? String(err)}`);
        reply(fail('internal', `${event} failed on the server: ${(err as Error).message}`));
      }
    }
  };
  socket.on(event, listener as never);
}

/** What a payload-dependent refusal refused (the event alone would have been allowed). */
const describe = (event: ClientEventName, need: Role) =>
  event === 'doc/open' ? 'making a file' : event === 'doc/sync' ? 'changing a document' : `${event} (${need})`;

/**
 * Every packet passes here before any listener: past the connection's rate limit it is refused
 * (and a connection that keeps flooding is closed); an event the protocol does not name is
 * refused too. A refusal is answered when the packet carries an acknowledgement, and goes no further.
 */
export function guardEvents(socket: TandemSocket, gate: EventGate): void {
  socket.use((packet, next) => {
    const [event, ...args] = packet as unknown[];
    const ack = args[args.length - 1];
    const refuse = (code: ErrorCode, message: string) => {
      if (typeof ack === 'function') (ack as (r: Ack) => void)(fail(code, message));
    };
    const verdict = gate.take(Date.now());
    if (!verdict.ok) {
      refuse('rate_limited', verdict.message);
      if (verdict.close) socket.disconnect(true);
      return;
    }
    if (typeof event === 'string' && Object.hasOwn(clientEventSchemas, event)) return next();
    refuse(
      'bad_request',
      `unknown event ${typeof event === 'string' ? JSON.stringify(event.slice(0, 80)) : typeof event}`,
    );
  });
}

/** The room of a document open on this connection; otherwise a refusal that says what to do first. */
export async function heldRoom(
  docs: DocRegistry,
  socket: TandemSocket,
  path: string,
  code: ErrorCode,
  todo: string,
): Promise<DocRoom> {
  const room = await docs.held(path, socket.id);
  if (!room) throw new ProtocolFailure(code, `${path} is not open on this connection: ${todo}`);
  return room;
}
