// One shared document as this browser holds it: a Y.Doc kept in sync with the server by
// y-protocols sync messages. Local edits are sent as acknowledged updates; on every (re)connect
// the document re-opens and runs sync step 1/2 both ways, which is idempotent, so edits made
// offline or lost in flight converge without duplicates. When the server starts the document
// over (doc/generation, or a newer generation found on re-open) it swaps to the new Y.Doc and
// rebases the edits the server had not confirmed as text (textRebase.ts); whoever holds the text
// follows the swap (followGenerations, latestText).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { oneFrame, toBytes, type DocGeneration, type DocOpenReply } from '../protocol';
import { request, RequestError, type ClientSocket } from './socket';
import { rebaseOnto, unconfirmedEdits } from './textRebase';

export const SERVER_ORIGIN = Symbol('server');
/** This person's edits the new generation had not seen, applied again as text. */
export const REBASE_ORIGIN = Symbol('rebase');

type Follower = (text: Y.Text) => void;

/** Every Y.Doc a CollabDoc has held, old generations included, to its CollabDoc. */
const owners = new WeakMap<Y.Doc, CollabDoc>();

/** Calls `follower` with the new text each time the document of `text` starts a new generation. */
export function followGenerations(text: Y.Text, follower: Follower): () => void {
  const owner = text.doc ? owners.get(text.doc) : undefined;
  return owner ? owner.onGeneration(follower) : () => undefined;
}

/** The current text of the document `text` belongs to: itself unless a new generation replaced it. */
export function latestText(text: Y.Text): Y.Text {
  const owner = text.doc ? owners.get(text.doc) : undefined;
  return owner ? owner.text : text;
}

export class CollabDoc {
  private current = new Y.Doc();
  /** What the server is known to have of this generation: its own updates and ours it acknowledged. */
  private confirmed = new Y.Doc();
  generation = 0;
  /** Updates sent but not yet acknowledged by the server (i.e. not yet durable). */
  pending = 0;
  info: DocOpenReply | null = null;
  private syncedOnce: Promise<void>;
  private resolveSynced!: () => void;
  private rejectSynced!: (err: Error) => void;
  private disposed = false;
  /** While joining a newer generation: the server's updates that came meanwhile (applied again after the swap). */
  private early: Uint8Array[] | null = null;
  private readonly followers = new Set<Follower>();
  private readonly onNewGeneration = (g: DocGeneration) => {
    if (g.path === this.path) this.adopt(g.generation, toBytes(g.state));
  };

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
    this.attach(this.current);
    socket.on('doc/generation', this.onNewGeneration);
  }

  get doc(): Y.Doc {
    return this.current;
  }

  get text(): Y.Text {
    return this.current.getText('content');
  }

  onGeneration(follower: Follower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  private attach(doc: Y.Doc): void {
    owners.set(doc, this);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (doc !== this.current) return;
      if (origin === SERVER_ORIGIN) Y.applyUpdate(this.confirmed, update);
      else this.send(encodeUpdate(update), update);
    });
  }

  /** Resolves once the document has synced with the server the first time. */
  whenSynced(): Promise<void> {
    return this.syncedOnce;
  }

  /** Opens the document on the server and runs the two-way sync; call again after a reconnect. */
  async sync(): Promise<void> {
    try {
      await this.syncOnce();
      this.resolveSynced();
    } catch (err) {
      this.rejectSynced(err as Error);
      throw err;
    }
  }

  private async syncOnce(retries = 5): Promise<void> {
    this.info = await request(this.socket, 'doc/open', { path: this.path, ...(this.create ? { create: true } : {}) });
    this.create = false;
    // A newer generation: start from its whole state (an empty document's step 1), ours rebased on it.
    const generation = this.info.generation;
    const fresh = generation !== this.generation;
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, fresh ? new Y.Doc() : this.current);
    if (fresh) this.early = [];
    try {
      const { replies } = await request(this.socket, 'doc/sync', {
        path: this.path,
        data: encoding.toUint8Array(encoder),
        generation,
      });
      const early = this.early ?? [];
      this.early = null;
      if (fresh && replies[0]) this.adopt(generation, payloadOf(toBytes(replies[0])));
      // Updates sent to us after the server made its reply came before it: they belong on the new doc too.
      for (const update of fresh ? early : []) this.receive(update);
      for (const reply of fresh ? replies.slice(1) : replies) this.receive(toBytes(reply));
    } catch (err) {
      this.early = null;
      // Started over between the two requests (or being so): the open says which generation to join.
      if (retries > 0 && err instanceof RequestError && err.code === 'old_generation') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return this.syncOnce(retries - 1);
      }
      throw err;
    }
  }

  /** Applies a sync message from the server, answering a step 1 with our step 2. */
  receive(data: Uint8Array): void {
    if (this.disposed) return;
    this.early?.push(data);
    const encoder = encoding.createEncoder();
    syncProtocol.readSyncMessage(decoding.createDecoder(data), encoder, this.current, SERVER_ORIGIN);
    if (encoding.length(encoder) > 0) {
      const reply = encoding.toUint8Array(encoder);
      this.send(reply, payloadOf(reply));
    }
  }

  /**
   * Swaps to generation `generation` (whole state `state`): the edits of ours the server had not
   * confirmed are applied again, as text, on the new document (and so sent), then followers move.
   */
  private adopt(generation: number, state: Uint8Array): void {
    if (this.disposed || generation <= this.generation) return;
    const base = this.confirmed.getText('content').toString();
    const ours = unconfirmedEdits(this.confirmed, this.current);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, state, SERVER_ORIGIN);
    const confirmed = new Y.Doc();
    Y.applyUpdate(confirmed, state);
    const theirs = fresh.getText('content').toString();
    this.current = fresh;
    this.confirmed = confirmed;
    this.generation = generation;
    this.attach(fresh);
    const edits = rebaseOnto(ours, base, theirs);
    if (edits.length > 0) {
      const text = fresh.getText('content');
      fresh.transact(() => {
        for (const e of [...edits].reverse()) {
          if (e.deleteCount > 0) text.delete(e.offset, e.deleteCount);
          if (e.insertText) text.insert(e.offset, e.insertText);
        }
      }, REBASE_ORIGIN);
    }
    for (const follow of this.followers) follow(fresh.getText('content'));
  }

  /**
   * Sends a message carrying `update`; once acknowledged, the server has it (it joins `confirmed`).
   * As base64 text, so it leaves in one frame at once (protocol/bytes.ts says why).
   */
  private send(data: Uint8Array, update: Uint8Array): void {
    if (this.disposed || !this.socket.connected) return;
    const generation = this.generation;
    this.pending++;
    request(this.socket, 'doc/sync', { path: this.path, data: oneFrame(data), generation })
      .then(() => {
        if (generation === this.generation) Y.applyUpdate(this.confirmed, update);
      })
      .catch((err: Error) => {
        // Made in a generation the server has left: it is rebased when the new one arrives.
        if (err instanceof RequestError && err.code === 'old_generation') return;
        this.onError(`could not send an edit of ${this.path}: ${err.message}`);
      })
      .finally(() => this.pending--);
  }

  dispose(): void {
    this.disposed = true;
    this.socket.off('doc/generation', this.onNewGeneration);
    this.followers.clear();
    if (this.socket.connected) request(this.socket, 'doc/close', { path: this.path }).catch(() => undefined);
    this.current.destroy();
    this.confirmed.destroy();
  }
}

function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The Yjs update inside a step 2 or update message. */
function payloadOf(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}
