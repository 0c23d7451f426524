// The SQLite document store on a real database file: the appends of one turn of the event loop are
// committed together, none is visible (durable) before its promise resolves, sequence numbers follow
// the order of the calls, and a transaction that fails writes none of its rows and refuses each;
// compaction (in a worker thread) folds the rows up to a sequence number, keeps later ones, and
// leaves a document dropped meanwhile dropped.
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { openDb } from './db';
import { SqliteDocStore } from './docStore';

const bytes = (n: number) => new Uint8Array([n]);

function stores() {
  const dir = tempDir('docstore');
  const db = openDb(dir);
  // A second connection to the same file sees only what is committed.
  const reader = new Database(path.join(dir, 'tandem.db'), { readonly: true });
  const committed = () => (reader.prepare('SELECT count(*) AS n FROM doc_updates').get() as { n: number }).n;
  return { db, store: new SqliteDocStore(db), committed };
}

describe('SqliteDocStore', () => {
  it('commits one turn of appends together, each resolved only once committed, numbered in call order', async () => {
    const { store, committed } = stores();
    const seqs = [store.append('a', bytes(1)), store.append('b', bytes(2)), store.append('a', bytes(3))];
    expect(committed()).toBe(0);
    const resolved = await Promise.all(seqs);
    expect(committed()).toBe(3);
    expect(resolved[1]! - resolved[0]!).toBe(1);
    expect(resolved[2]! - resolved[1]!).toBe(1);
    const a = await store.load('a');
    expect(a.updates.map((u) => u[0])).toEqual([1, 3]);
    expect(a.lastSeq).toBe(resolved[2]);
  });

  it('a failed transaction writes none of its rows and refuses each append; the next turn writes again', async () => {
    const { db, store, committed } = stores();
    db.exec(
      "CREATE TEMP TRIGGER refuse BEFORE INSERT ON doc_updates WHEN NEW.doc = 'bad' " +
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
    );
    const ok = store.append('ok', bytes(1));
    const bad = store.append('bad', bytes(2));
    await expect(ok).rejects.toThrow(/refused by the test/);
    await expect(bad).rejects.toThrow(/refused by the test/);
    expect(committed()).toBe(0);
    await store.append('ok', bytes(1));
    expect((await store.load('ok')).updates).toHaveLength(1);
  });

  it('load sees appends still waiting for their turn', async () => {
    const { store } = stores();
    const first = store.append('a', bytes(1));
    expect((await store.load('a')).updates).toHaveLength(1);
    expect(await first).toBeGreaterThan(0);
  });

  it('compacts off the event loop: rows up to a sequence become one, later ones stay, same text', async () => {
    const { store, committed } = stores();
    const doc = new Y.Doc();
    const seqs: Promise<number>[] = [];
    doc.on('update', (u: Uint8Array) => seqs.push(store.append('a', u)));
    for (let i = 0; i < 30; i++) doc.getText('content').insert(0, `w${i} `);
    doc.getText('content').delete(0, 12);
    const through = (await Promise.all(seqs)).at(-1)!;
    const compacting = store.compact('a', () => new Uint8Array(), through);
    doc.getText('content').insert(0, 'after ');
    await Promise.all(seqs);
    await compacting;
    expect(committed()).toBe(2);
    const back = new Y.Doc();
    for (const u of (await store.load('a')).updates) Y.applyUpdate(back, u);
    expect(back.getText('content').toString()).toBe(doc.getText('content').toString());
    await store.close();
  });

  it('a document dropped while it is compacted stays dropped', async () => {
    const { store } = stores();
    const doc = new Y.Doc();
    const seqs: Promise<number>[] = [];
    doc.on('update', (u: Uint8Array) => seqs.push(store.append('a', u)));
    for (let i = 0; i < 5; i++) doc.getText('content').insert(0, `w${i} `);
    const through = (await Promise.all(seqs)).at(-1)!;
    const compacting = store.compact('a', () => new Uint8Array(), through);
    await store.drop('a');
    await compacting;
    expect((await store.load('a')).updates).toHaveLength(0);
    await store.close();
  });
});
