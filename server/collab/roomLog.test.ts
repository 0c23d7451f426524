// A room's log on a real SQLite store: the updates made in one turn join one write as one merged
// entry (a burst of keystrokes is one row), sent without waiting for the write in flight; an
// acknowledgement waits for every write before it, and the document loaded back has every update.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db';
import { SqliteDocStore, type DocStore } from '../store/docStore';
import { tempDir } from '../testing/fixtures';
import { RoomLog } from './roomLog';

/** The real store, with its first append held until `release()`, counting appends. */
function heldStore() {
  const store = new SqliteDocStore(openDb(tempDir('roomlog')));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let appends = 0;
  const gated: DocStore = {
    load: (doc) => store.load(doc),
    append: async (doc, update) => {
      if (appends++ === 0) await held;
      return store.append(doc, update);
    },
    compact: (doc, snapshot, seq) => store.compact(doc, snapshot, seq),
    getMeta: (doc) => store.getMeta(doc),
    setMeta: (doc, meta) => store.setMeta(doc, meta),
    drop: (doc) => store.drop(doc),
  };
  return { store, gated, release, appends: () => appends };
}

describe('RoomLog', () => {
  it('sends a burst made during a write as one more, at once, and acknowledges it after the first', async () => {
    const { store, gated, release, appends } = heldStore();
    const doc = new Y.Doc();
    const log = new RoomLog(
      () => doc,
      'doc-1',
      'a.ts',
      gated,
      () => undefined,
    );
    doc.on('update', (u: Uint8Array) => log.append(u));
    doc.getText('content').insert(0, 'first ');
    const firstAck = log.flushed();
    await Promise.resolve();
    for (const word of ['one ', 'two ', 'three ']) doc.getText('content').insert(0, word);
    let acked = false;
    const lastAck = log.flushed().then(() => (acked = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(appends()).toBe(2);
    expect(acked).toBe(false);
    release();
    await firstAck;
    await lastAck;
    expect(appends()).toBe(2);
    const { updates } = await store.load('doc-1');
    expect(updates).toHaveLength(2);
    const back = new Y.Doc();
    for (const u of updates) Y.applyUpdate(back, u);
    expect(back.getText('content').toString()).toBe('three two one first ');
  });
});
