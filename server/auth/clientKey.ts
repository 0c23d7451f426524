// Who a connection is, across reconnects: the one rule the gateway (which names each connection's
// client) and the fast lane (which keeps a person's turns while they may come back) share. A
// browser tab makes a random key once and sends it with every handshake; the server knows the tab
// by a digest of it, which is safe to tell collaborators (it is on every turn as `byClient`)
// because the key cannot be had from it. A connection without a key (a script, an older page) is
// its own client, for that connection only.
import { createHash } from 'node:crypto';

/** 16 to 128 URL-safe characters: long enough not to be guessed, short enough to be cheap. */
const KEY = /^[A-Za-z0-9_-]{16,128}$/;

/** A connection without a key is its own client: it cannot come back once it is gone. */
const ONE_CONNECTION = 'socket-';

export const canReconnect = (client: string) => !client.startsWith(ONE_CONNECTION);

export function clientIdOf(key: unknown, socketId: string): string {
  if (typeof key !== 'string' || !KEY.test(key)) return `${ONE_CONNECTION}${socketId}`;
  return createHash('sha256').update(key).digest('base64url').slice(0, 22);
}
