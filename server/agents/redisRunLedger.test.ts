// The Redis run ledger on a real redis-server, with two processes' copies (two SQLite files): the
// same changes in the same order on both, evidence numbered without gaps whoever writes, catch-up
// from where a copy stopped, a Redis that lost its data, and writes refused while Redis is away.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolFailure, type EvidenceEvent } from '../../lib/protocol';
import { openDb, type Db } from '../store/db';
import { tempDir, waitFor } from '../testing/fixtures';
import { startRedis, type TestRedis } from '../testing/redis';
import { RedisRunLedger } from './redisRunLedger';
import { newRunRecord } from './runRecord';

let redis: TestRedis;
let open: RedisRunLedger[] = [];
beforeAll(async () => {
  redis = await startRedis({ fsync: 'everysec' });
});
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
  const direct = new Redis(redis.url);
  await direct.flushall();
  direct.disconnect();
});
afterAll(() => redis.stop());

type Heard = { updated: string[]; evidence: EvidenceEvent[]; removed: string[] };

async function copy(db: Db, workspace = '/ws', log: (m: string) => void = () => undefined) {
  const heard: Heard = { updated: [], evidence: [], removed: [] };
  const ledger = await RedisRunLedger.open({
    db,
    redisUrl: redis.url,
    workspace,
    log,
    listener: {
      updated: (id) => heard.updated.push(id),
      evidence: (e) => heard.evidence.push(e),
      removed: (id) => heard.removed.push(id),
    },
  });
  open.push(ledger);
  return { ledger, heard };
}

const run = () =>
  newRunRecord({
    root: '/ws',
    instruction: 'rename total to sum',
    request: { files: [], path: null, range: null, context: null },
    validation: { command: null, source: 'none' },
    by: 'Ada',
    settings: { maxSteps: 5, maxTokens: 1000 },
    model: { lane: 'strong', model: 'sim-strong', host: '127.0.0.1', simulated: true },
  });
const note = (text: string) => ({ kind: 'status', itemId: text, phase: 'completed', text }) as const;

describe('RedisRunLedger', () => {
  it('two copies see the same changes in the same order; evidence numbers have no gaps whoever writes', async () => {
    const a = await copy(openDb(tempDir('a')));
    const b = await copy(openDb(tempDir('b')));
    const r = run();
    a.ledger.insert(r);
    for (let i = 0; i < 20; i++) (i % 2 ? a : b).ledger.append(r.id, note(`n${i}`));
    r.status = 'running';
    a.ledger.save(r);
    await Promise.all([a.ledger.flush(), b.ledger.flush()]);
    await Promise.all([a.ledger.sync(), b.ledger.sync()]);
    for (const { ledger, heard } of [a, b]) {
      expect(ledger.get(r.id)?.status).toBe('running');
      const { events } = ledger.replay(r.id, 0, 100);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(ledger.lastSeq(r.id)).toBe(20);
      expect(heard.evidence.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
      expect(heard.updated).toEqual([r.id, r.id]);
    }
    expect(a.ledger.replay(r.id, 0, 100)).toEqual(b.ledger.replay(r.id, 0, 100));

    b.ledger.saveDecisions(r.id, [{ path: 'a.ts', hunkId: 'h1', decision: 'applied', by: 'Bo' }], 1);
    expect(b.ledger.decisionCounts(r.id).applied).toBe(1);
    await b.ledger.flush();
    await a.ledger.sync();
    expect(a.ledger.decisions(r.id)).toEqual([{ path: 'a.ts', hunkId: 'h1', decision: 'applied', by: 'Bo', at: 1 }]);
    a.ledger.delete(r.id);
    await a.ledger.flush();
    await b.ledger.sync();
    expect(b.ledger.get(r.id)).toBeNull();
    expect(b.heard.removed).toEqual([r.id]);
  });

  it('a copy that stopped catches up from where it was, without hearing old evidence again', async () => {
    const a = await copy(openDb(tempDir('a')));
    const dbB = tempDir('b');
    const b1 = await copy(openDb(dbB));
    const r = run();
    a.ledger.insert(r);
    a.ledger.append(r.id, note('before'));
    await a.ledger.flush();
    await b1.ledger.sync();
    await b1.ledger.close();
    open = open.filter((l) => l !== b1.ledger);
    a.ledger.append(r.id, note('while b was away'));
    await a.ledger.flush();
    const b2 = await copy(openDb(dbB));
    expect(b2.heard.evidence.map((e) => e.seq)).toEqual([2]);
    expect(b2.ledger.replay(r.id, 0, 10).events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('a Redis that lost its data is read again from its start', async () => {
    const dir = tempDir('a');
    const a1 = await copy(openDb(dir));
    const r = run();
    a1.ledger.insert(r);
    a1.ledger.append(r.id, note('one'));
    await a1.ledger.flush();
    await a1.ledger.close();
    open = [];
    const direct = new Redis(redis.url);
    await direct.flushall();
    direct.disconnect();
    const other = await copy(openDb(tempDir('o')));
    const r2 = run();
    other.ledger.insert(r2);
    await other.ledger.flush();
    const said: string[] = [];
    const a2 = await copy(openDb(dir), '/ws', (m) => said.push(m));
    expect(said.join('\n')).toMatch(/not the one this copy read/);
    expect(a2.ledger.get(r2.id)?.id).toBe(r2.id);
  });

  it('refuses the writes of a process that no longer holds the run (its lock moved on)', async () => {
    const a = await copy(openDb(tempDir('a')));
    const direct = new Redis(redis.url);
    await direct.set('lock-of-r', 'token-a');
    const r = run();
    a.ledger.insert(r);
    a.ledger.hold(r.id, { key: 'lock-of-r', token: 'token-a' });
    a.ledger.append(r.id, note('while holding'));
    await a.ledger.flush();
    await direct.set('lock-of-r', 'token-b');
    a.ledger.append(r.id, note('after losing it'));
    r.status = 'succeeded';
    a.ledger.save(r);
    await expect(a.ledger.flush()).rejects.toThrow(/no longer holds the run/);
    direct.disconnect();
    await a.ledger.sync();
    expect(a.ledger.replay(r.id, 0, 10).events.map((e) => (e.kind === 'status' ? e.text : ''))).toEqual([
      'while holding',
    ]);
    expect(a.ledger.get(r.id)?.status).toBe('queued');
    a.ledger.hold(r.id, null);
    a.ledger.append(r.id, note('plain'));
    await a.ledger.flush();
    expect(a.ledger.lastSeq(r.id)).toBe(2);
  });

  it('refuses writes with a clear message while Redis is away, and takes them again when it is back', async () => {
    const a = await copy(openDb(tempDir('a')));
    expect(() => a.ledger.assertWritable()).not.toThrow();
    await redis.stop();
    try {
      await waitFor(
        () => {
          try {
            a.ledger.assertWritable();
            return false;
          } catch (err) {
            return err instanceof ProtocolFailure && err.code === 'unavailable';
          }
        },
        10_000,
        'writes refused',
      );
      expect(() => a.ledger.assertWritable()).toThrow(/Redis is unreachable/);
    } finally {
      await redis.restart();
    }
    await waitFor(
      () => {
        try {
          a.ledger.assertWritable();
          return true;
        } catch {
          return false;
        }
      },
      15_000,
      'writes taken again',
    );
    const r = run();
    a.ledger.insert(r);
    await a.ledger.flush();
    expect(a.ledger.get(r.id)?.id).toBe(r.id);
  });
});
