// The embedded queue on a real SQLite file: order, concurrency, cancel (queued and running), and
// what a second process start sees after the first stopped with a run taken.
import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db';
import { tempDir, waitFor } from '../testing/fixtures';
import { RunStop } from './runQueue';
import { SqliteRunQueue } from './sqliteRunQueue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SqliteRunQueue', () => {
  it('runs in order, at most `concurrency` at once, and cancels', async () => {
    const db = openDb(tempDir('queue'));
    const q = new SqliteRunQueue(db, '/ws', 2, () => undefined);
    const started: string[] = [];
    const release = new Map<string, () => void>();
    const stops = new Map<string, unknown>();
    for (const id of ['a', 'b', 'c', 'd']) await q.enqueue(id);
    await q.start(
      (id, signal) =>
        new Promise<void>((resolve) => {
          started.push(id);
          release.set(id, resolve);
          signal.addEventListener('abort', () => {
            stops.set(id, signal.reason);
            resolve();
          });
        }),
    );
    expect(started).toEqual(['a', 'b']);
    expect(await q.waiting()).toEqual(['c', 'd']);
    expect(await q.cancel('c', 'cancelled by Ada')).toBe('queued');
    expect(await q.cancel('a', 'cancelled by Ada')).toBe('running');
    expect(stops.get('a')).toBeInstanceOf(RunStop);
    expect((stops.get('a') as RunStop).kind).toBe('cancel');
    await tick();
    expect(started).toEqual(['a', 'b', 'd']);
    expect(await q.cancel('zzz', 'x')).toBe('absent');
    release.get('b')!();
    release.get('d')!();
    await tick();
    expect(await q.waiting()).toEqual([]);
    await q.close();
    db.close();
  });

  it('after a stop, the next start gives the taken run back first, reports it, and keeps the queued one', async () => {
    const dir = tempDir('queue');
    const db1 = openDb(dir);
    const q1 = new SqliteRunQueue(db1, '/ws', 1, () => undefined);
    await q1.enqueue('running');
    await q1.enqueue('queued');
    await q1.enqueue('queued');
    await q1.start((_id, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())));
    await q1.close();
    db1.close();

    const db2 = openDb(dir);
    const q2 = new SqliteRunQueue(db2, '/ws', 1, () => undefined);
    const started: string[] = [];
    const { interrupted } = await q2.start(async (id) => void started.push(id));
    expect(interrupted).toEqual(['running']);
    await waitFor(() => started.length === 2, 5000, 'both runs to start');
    expect(started).toEqual(['running', 'queued']);
    expect(await new SqliteRunQueue(db2, '/other', 1, () => undefined).waiting()).toEqual([]);
    await q2.close();
    db2.close();
  });
});
