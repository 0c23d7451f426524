// The browser's one Socket.IO connection, websocket only. The token comes from the HttpOnly
// cookie set on the first visit (sent with the websocket handshake), or from ?token= if present.
// Every handshake also carries this page's client key: the server knows the tab by it across
// reconnects (a fast-lane turn stays the asker's when the connection drops and comes back).
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol';
import { followClientId } from './clientId';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** 128 random bits, URL-safe (crypto.getRandomValues works on plain-HTTP origins too). */
function newClientKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function connectSocket(name: string): ClientSocket {
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token');
  const client = newClientKey();
  const socket: ClientSocket = io({
    transports: ['websocket'],
    auth: token ? { token, name, client } : { name, client },
    reconnectionDelay: 250,
    reconnectionDelayMax: 2000,
  });
  followClientId(socket);
  return socket;
}

/** A refusal from the server, with its protocol error code (`conflict`, `not_found`, …). */
export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Emits with an acknowledgement and turns an error reply into a rejected RequestError. */
export function request<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Extract<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0], { ok: true }>> {
  return new Promise((resolve, reject) => {
    const emit = socket.emit.bind(socket) as unknown as (
      e: string,
      p: unknown,
      ack: (r: { ok: boolean; error?: { code: string; message: string } }) => void,
    ) => void;
    emit(event, payload, (reply) => {
      if (reply.ok) resolve(reply as never);
      else reject(new RequestError(reply.error?.code ?? 'internal', reply.error?.message ?? `${event} failed`));
    });
  });
}
