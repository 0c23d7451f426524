// "Has this copy of a document seen everything that one has?" — Yjs state vectors answer it, so a
// node that saves for another waits until the asker's edits have reached it through the log.
import * as Y from 'yjs';

/** True when state vector `have` includes every update counted in `want`. */
export function covers(have: Map<number, number>, want: Map<number, number>): boolean {
  for (const [client, clock] of want) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

/** Resolves true once `doc` includes `want` (encoded state vector), false after `timeoutMs`. */
export function waitForState(doc: Y.Doc, want: Uint8Array, timeoutMs: number): Promise<boolean> {
  const target = Y.decodeStateVector(want);
  const done = () => covers(Y.decodeStateVector(Y.encodeStateVector(doc)), target);
  if (done()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      doc.off('update', check);
      doc.off('destroy', gone);
      resolve(ok);
    };
    const check = () => {
      if (done()) finish(true);
    };
    const gone = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    doc.on('update', check);
    doc.on('destroy', gone);
  });
}
