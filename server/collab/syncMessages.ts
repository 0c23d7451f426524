// y-protocols sync over Socket.IO: a client's step 1 is answered with step 2 plus the server's
// own step 1 (so the client can send back what the server lacks); updates are applied with the
// sending socket as origin, which keeps them from echoing back to it.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { ProtocolFailure } from '../../lib/protocol';

export function handleSyncMessage(doc: Y.Doc, data: Uint8Array, origin: unknown): Uint8Array[] {
  const decoder = decoding.createDecoder(data);
  const encoder = encoding.createEncoder();
  let kind: number;
  try {
    kind = syncProtocol.readSyncMessage(decoder, encoder, doc, origin);
  } catch (err) {
    throw new ProtocolFailure('bad_request', `malformed sync message: ${(err as Error).message}`);
  }
  const replies: Uint8Array[] = [];
  if (encoding.length(encoder) > 0) replies.push(encoding.toUint8Array(encoder));
  if (kind === syncProtocol.messageYjsSyncStep1) {
    const step1 = encoding.createEncoder();
    syncProtocol.writeSyncStep1(step1, doc);
    replies.push(encoding.toUint8Array(step1));
  }
  return replies;
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
