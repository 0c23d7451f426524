// The SQLite document store on a real database file: the appends of one turn of the event loop are
// committed together, none is visible (durable) before its promise resolves, sequence numbers follow
// the order of the calls, and a transaction that fails writes none of its rows and refuses each.
import path from 'node:path';
import Database from 'better-sqlite3';
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

  it('compaction and load see appends still waiting for their turn', async () => {
    const { store } = stores();
    const first = store.append('a', bytes(1));
    expect((await store.load('a')).updates).toHaveLength(1);
    const seq = await first;
    const second = store.append('a', bytes(2));
    await store.compact('a', bytes(9), seq + 1);
    await second;
    expect((await store.load('a')).updates.map((u) => u[0])).toEqual([9]);
  });
});
