// One shared document as this browser holds it: a Y.Doc kept in sync with the server by
// y-protocols sync messages. Local edits are sent as acknowledged updates; on every (re)connect
// the document re-opens and runs sync step 1/2 both ways, which is idempotent, so edits made
// offline or lost in flight converge without duplicates.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { DocOpenReply } from '../protocol';
import { request, type ClientSocket } from './socket';

export const SERVER_ORIGIN = Symbol('server');

export class CollabDoc {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('content');
  /** Updates sent but not yet acknowledged by the server (i.e. not yet durable). */
  pending = 0;
  info: DocOpenReply | null = null;
  private syncedOnce: Promise<void>;
  private resolveSynced!: () => void;
  private rejectSynced!: (err: Error) => void;
  private disposed = false;

  constructor(
    readonly path: string,
    private readonly socket: ClientSocket,
    private readonly onError: (message: string) => void,
    /** Make the file if it does not exist, on the first open only (a reconnect never re-creates it). */
    private create = false,
  ) {
    this.syncedOnce = new Promise((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    this.syncedOnce.catch(() => undefined);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === SERVER_ORIGIN) return;
      const encoder = encoding.createEncoder();
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
  }

  /** Resolves once the document has synced with the server the first time. */
  whenSynced(): Promise<void> {
    return this.syncedOnce;
  }

  /** Opens the document on the server and runs the two-way sync; call again after a reconnect. */
  async sync(): Promise<void> {
    try {
      this.info = await request(this.socket, 'doc/open', { path: this.path, ...(this.create ? { create: true } : {}) });
      this.create = false;
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, this.doc);
      const { replies } = await request(this.socket, 'doc/sync', {
        path: this.path,
        data: encoding.toUint8Array(encoder),
      });
      for (const reply of replies) this.receive(toBytes(reply));
      this.resolveSynced();
    } catch (err) {
      this.rejectSynced(err as Error);
      throw err;
    }
  }

  /** Applies a sync message from the server, answering a step 1 with our step 2. */
  receive(data: Uint8Array): void {
    if (this.disposed) return;
    const encoder = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoding.createDecoder(data), encoder, this.doc, SERVER_ORIGIN);
    if (encoding.length(encoder) > 0) this.send(encoding.toUint8Array(encoder));
  }

  private send(data: Uint8Array): void {
    if (this.disposed || !this.socket.connected) return;
    this.pending++;
    request(this.socket, 'doc/sync', { path: this.path, data })
      .catch((err: Error) => this.onError(`could not send an edit of ${this.path}: ${err.message}`))
      .finally(() => this.pending--);
  }

  dispose(): void {
    this.disposed = true;
    if (this.socket.connected) request(this.socket, 'doc/close', { path: this.path }).catch(() => undefined);
    this.doc.destroy();
  }
}

export function toBytes(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}
