// A viewer's sync step 2 (what its copy has that the server's lacks) is refused when it would change
// the document; otherwise it is ignored. Yjs tells: a snapshot of the document contains the update.
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/** True when the step 2 or update message `data` holds anything `doc` does not already have. */
export function syncWouldChange(doc: Y.Doc, data: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder);
    const update = decoding.readVarUint8Array(decoder);
    return !Y.snapshotContainsUpdate(Y.snapshot(doc), update);
  } catch {
    return true;
  }
}
