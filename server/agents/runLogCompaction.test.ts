// The run log's compaction on a real redis-server: after many runs the log stays bounded, and a
// copy that follows it live, one that was away while it was trimmed, and one that starts late all
// end with every run — record, evidence, diff, decisions — and without the deleted ones.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../store/db';
import { tempDir, waitFor } from '../testing/fixtures';
import { startRedis, type TestRedis } from '../testing/redis';
import { RedisRunLedger } from './redisRunLedger';
import { runKeys } from './redisKeys';
import { compareIds } from './runFeed';
import { compactionArgs, nextId } from './runLogCompaction';
import { newRunRecord } from './runRecord';

const MAX = 100;
let redis: TestRedis;
let direct: Redis;
let open: RedisRunLedger[] = [];
beforeAll(async () => {
  redis = await startRedis({ fsync: 'everysec' });
  direct = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
  await direct.flushall();
});
afterAll(async () => {
  direct.disconnect();
  await redis.stop();
});

async function copy(db: Db) {
  const heard = { removed: [] as string[], said: [] as string[] };
  const ledger = await RedisRunLedger.open({
    db,
    redisUrl: redis.url,
    workspace: '/ws',
    maxLogEntries: MAX,
    log: (m) => heard.said.push(m),
    listener: { updated: () => undefined, evidence: () => undefined, removed: (id) => heard.removed.push(id) },
  });
  open.push(ledger);
  return { ledger, heard };
}

const run = (i: number) =>
  newRunRecord({
    root: '/ws',
    instruction: `run ${i}`,
    request: { files: [], path: null, range: null, context: null },
    validation: { command: null, source: 'none' },
    by: 'Ada',
    settings: { maxSteps: 5, maxTokens: 1000 },
    model: { lane: 'strong', model: 'sim-strong', host: '127.0.0.1', simulated: true },
  });
const note = (text: string) => ({ kind: 'status', itemId: text, phase: 'completed', text }) as const;

/** Every run of the copy with everything it holds about it. */
function state(ledger: RedisRunLedger) {
  return ledger
    .list('/ws', 10_000)
    .map((r) => ({
      run: r,
      events: ledger.replay(r.id, 0, 10_000).events,
      diff: ledger.diff(r.id),
      decisions: ledger.decisions(r.id),
    }))
    .sort((x, y) => x.run.id.localeCompare(y.run.id));
}

describe('run log compaction', () => {
  it('keeps the log bounded after many runs; a live copy, one that was away and a late one see every run', async () => {
    const a = await copy(openDb(tempDir('a')));
    const live = await copy(openDb(tempDir('live')));
    const awayDir = tempDir('away');
    const away = await copy(openDb(awayDir));
    const ids: string[] = [];
    const write = async (i: number) => {
      const r = run(i);
      ids.push(r.id);
      a.ledger.insert(r);
      for (let e = 0; e < 5; e++) a.ledger.append(r.id, note(`run ${i} step ${e}`));
      r.status = 'succeeded';
      r.finishedAt = Date.now();
      a.ledger.save(r);
      a.ledger.saveDiff(r.id, [
        { path: `f${i}.ts`, status: 'modified', binary: false, baseText: 'a\n', resultText: 'b\n', patch: '-a\n+b\n' },
      ]);
      if (i % 3 === 0)
        a.ledger.saveDecisions(r.id, [{ path: `f${i}.ts`, hunkId: 'h', decision: 'applied', by: 'Bo' }], i);
      await a.ledger.flush();
    };
    for (let i = 0; i < 10; i++) await write(i);
    await away.ledger.sync();
    expect(away.ledger.list('/ws', 100)).toHaveLength(10);
    await away.ledger.close();
    open = open.filter((l) => l !== away.ledger);

    for (let i = 10; i < 80; i++) {
      await write(i);
      if (i % 10 === 0) {
        a.ledger.delete(ids[i - 10]!);
        await a.ledger.flush();
      }
    }
    const keys = runKeys('/ws');
    // 80 runs wrote well over 600 entries; the log is cut back to half the bound each time it passes it.
    await waitFor(async () => (await direct.xlen(keys.feed)) <= MAX + MAX / 10, 60_000, 'the log trimmed');
    expect(await direct.get(keys.feedTrimmed)).not.toBeNull();
    expect(a.heard.said.concat(live.heard.said).join('\n')).toMatch(/compacted/);

    await Promise.all([a.ledger.sync(), live.ledger.sync()]);
    const expected = state(a.ledger);
    const deleted = [0, 10, 20, 30, 40, 50, 60].map((n) => ids[n]!);
    expect(expected).toHaveLength(80 - deleted.length);
    expect(expected.every((s) => s.events.map((e) => e.seq).join() === '1,2,3,4,5')).toBe(true);
    expect(state(live.ledger)).toEqual(expected);

    const late = await copy(openDb(tempDir('late')));
    expect(late.heard.said.join('\n')).toMatch(/loaded the snapshot/);
    expect(state(late.ledger)).toEqual(expected);

    const back = await copy(openDb(awayDir));
    expect(back.heard.said.join('\n')).toMatch(/loaded the snapshot/);
    expect(state(back.ledger)).toEqual(expected);
    expect(back.heard.removed.sort()).toEqual(deleted.filter((id) => ids.indexOf(id) < 10).sort());
  });

  it('the first snapshot holds every run, even those a copy made before compaction existed never marked', async () => {
    const db = openDb(tempDir('old'));
    const a = await copy(db);
    const write = async (i: number) => {
      const r = run(i);
      a.ledger.insert(r);
      for (let e = 0; e < 4; e++) a.ledger.append(r.id, note(`run ${i} step ${e}`));
      await a.ledger.flush();
    };
    for (let i = 0; i < 10; i++) await write(i);
    // A copy from before compaction: it has the runs but no record of which entry last changed them.
    db.exec('DELETE FROM run_feed_touched');
    for (let i = 10; i < 40; i++) await write(i);
    const keys = runKeys('/ws');
    await waitFor(async () => (await direct.xlen(keys.feed)) <= MAX + MAX / 10, 60_000, 'the log trimmed');
    const late = await copy(openDb(tempDir('late')));
    expect(late.heard.said.join('\n')).toMatch(/loaded the snapshot/);
    expect(state(late.ledger)).toEqual(state(a.ledger));
    expect(state(late.ledger)).toHaveLength(40);
  });

  it('plans the write: drops deleted runs, writes changed ones, never cuts past the captured entry', () => {
    expect(nextId('5-9')).toBe('5-10');
    const cap = {
      at: '10-0',
      live: new Set(['r1', 'r2']),
      changed: new Map<string, null>([['r3', null]]),
    };
    expect(compactionArgs('4-0', ['@at', 'r1', 'r9'], cap, '20-0', compareIds)).toEqual([
      '4-0',
      '10-0',
      '10-1',
      '2',
      'r9',
      'r3',
    ]);
    expect(compactionArgs(null, [], { ...cap, changed: new Map() }, '7-3', compareIds)).toEqual([
      '',
      '10-0',
      '7-3',
      '0',
    ]);
  });
});
