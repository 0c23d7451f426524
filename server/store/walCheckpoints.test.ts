// Checkpoints off the event loop, on a real database file: the server's connection no longer
// checkpoints, the worker copies the log into the file, and a worker that cannot work hands
// checkpoints back to the connection.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { openDb } from './db';
import { WalCheckpoints, type Checkpoint } from './walCheckpoints';

/** Rows of `scratch` in a copy of the database file without its log (-1 while the copy is unreadable). */
function rowsInFileAlone(dir: string): number {
  const copy = path.join(dir, `copy-${Date.now()}.db`);
  fs.copyFileSync(path.join(dir, 'tandem.db'), copy);
  const db = new Database(copy, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM scratch').get() as { n: number }).n;
  } catch {
    return -1;
  } finally {
    db.close();
    fs.rmSync(copy, { force: true });
  }
}

const autoPages = (db: ReturnType<typeof openDb>) => db.pragma('wal_autocheckpoint', { simple: true });

describe('WalCheckpoints', () => {
  it('turns the connection’s checkpoints off and checkpoints the log from a worker', async () => {
    const dir = tempDir('wal');
    const db = openDb(dir);
    const logged: string[] = [];
    const checkpoints = new WalCheckpoints(db, (m) => logged.push(m), 50);
    expect(autoPages(db)).toBe(0);
    db.exec('CREATE TABLE scratch (data BLOB)');
    const insert = db.prepare('INSERT INTO scratch (data) VALUES (?)');
    // Past SQLite's 1,000-page threshold: the connection would have checkpointed by itself.
    for (let i = 0; i < 3000; i++) insert.run(Buffer.alloc(2000, i % 251));
    const seen: Checkpoint[] = [];
    checkpoints.onCheckpoint((c) => seen.push(c));
    // Every row reaches the database file itself, with no statement of this connection checkpointing:
    // a copy of the file alone (no log beside it) holds them all.
    await expect.poll(() => rowsInFileAlone(dir), { timeout: 10_000, interval: 100 }).toBe(3000);
    expect(seen.some((c) => c.checkpointed > 0)).toBe(true);
    expect(checkpoints.offLoop).toBe(true);
    await checkpoints.close();
    db.close();
    expect(logged).toEqual([]);
  });

  it('hands checkpoints back to the connection when the worker cannot open the file', async () => {
    const dir = tempDir('wal-gone');
    const db = openDb(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    const logged: string[] = [];
    const checkpoints = new WalCheckpoints(db, (m) => logged.push(m), 50);
    await expect.poll(() => checkpoints.offLoop).toBe(false);
    expect(autoPages(db)).toBe(1000);
    expect(logged[0]).toMatch(/^database checkpoints back on the event loop: /);
    await checkpoints.close();
    db.close();
  });
});
