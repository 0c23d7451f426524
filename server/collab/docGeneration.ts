// Why: Yjs keeps a record (an Item, its IDs, ContentDeleted: ~250 bytes) for every run of text
// ever deleted, and a document held open all day only grows (the soak's heap growth was nothing
// else). A room therefore counts the deleted runs its transactions carry and, past a threshold,
// starts the document over: a fresh Y.Doc with the same text (a new *generation*) becomes its
// base, and clients swap to it, rebasing their unseen edits as text (lib/client/collabDoc.ts).
import * as Y from 'yjs';
import { minimalEdits } from '../../lib/diff';

/** Deleted runs after which a room starts its document over (TANDEM_DOC_GENERATION_DELETED). */
export const DEFAULT_GENERATION_DELETED = 2_000;

/** What a room needs to start its document over; absent (or `deletedRuns` 0): it never does. */
export type GenerationPolicy = {
  deletedRuns: number;
  /** True while something holds Yjs positions in the document (a live fast-lane turn): wait. */
  busy(path: string): boolean;
};

/** How many runs of deleted text a transaction recorded (cheap: its delete set, already merged). */
export function deletedRuns(tr: Y.Transaction): number {
  let runs = 0;
  tr.deleteSet.clients.forEach((items) => (runs += items.length));
  return runs;
}

/** A document holding just `text`: the base of a new generation, with no deleted-text records. */
export function freshDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  if (text) doc.getText('content').insert(0, text);
  return doc;
}

/**
 * Brings `doc` from `from` to `to` with small edits (so edits made while a generation was being
 * stored move over as what they changed); returns the update that made them, or null if none.
 */
export function carryOver(doc: Y.Doc, from: string, to: string): Uint8Array | null {
  if (from === to) return null;
  const before = Y.encodeStateVector(doc);
  const text = doc.getText('content');
  doc.transact(() => {
    for (const edit of minimalEdits(from, to).reverse()) {
      if (edit.deleteCount > 0) text.delete(edit.offset, edit.deleteCount);
      if (edit.insertText) text.insert(edit.offset, edit.insertText);
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}
