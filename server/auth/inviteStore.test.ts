// Both invitation stores against the same expectations: SQLite in a temp data folder (and again
// after reopening it, as after a restart), Redis on a real redis-server this file starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../cluster/redisClient';
import { openDb } from '../store/db';
import { startRedis, type TestRedis } from '../testing/redis';
import { tempDir } from '../testing/fixtures';
import { hashesMatch, hashToken, makeInvite, type InviteStore } from './inviteStore';
import { People } from './people';
import { RedisInviteStore } from './redisInviteStore';
import { SqliteInviteStore } from './sqliteInviteStore';

/** Makes, finds, lists and revokes; then `reopen` gives a store on the same data, which still knows it all. */
async function exercise(store: InviteStore, reopen: () => Promise<InviteStore>): Promise<void> {
  const a = makeInvite('editor', 'Ada', 1000);
  const b = makeInvite('viewer', null, 2000);
  await store.add(a.record);
  await store.add(b.record);
  expect(a.record.tokenHash).toBe(hashToken(a.token));
  expect(a.record.tokenHash).not.toContain(a.token);
  const found = await store.byTokenHash(hashToken(a.token));
  expect(found).toEqual(a.record);
  expect(await store.byTokenHash(hashToken('not-a-token'))).toBeNull();
  const listed = await store.list();
  expect(listed.map((i) => [i.id, i.role, i.name, i.revokedAt])).toEqual([
    [a.record.id, 'editor', 'Ada', null],
    [b.record.id, 'viewer', null, null],
  ]);
  expect(JSON.stringify(listed)).not.toContain(a.record.tokenHash);
  expect(JSON.stringify(listed)).not.toContain(a.token);

  expect((await store.revoke(b.record.id, 5000))?.revokedAt).toBe(5000);
  expect((await store.revoke(b.record.id, 6000))?.revokedAt).toBe(5000);
  expect(await store.revoke('no-such-id', 5000)).toBeNull();
  expect((await store.byId(a.record.id))?.revokedAt).toBeNull();
  expect((await store.byId(b.record.id))?.revokedAt).toBe(5000);
  expect(await store.byId('no-such-id')).toBeNull();
  await store.close();

  const again = await reopen();
  expect((await again.byTokenHash(hashToken(b.token)))?.revokedAt).toBe(5000);
  expect((await again.list()).map((i) => i.id)).toEqual([a.record.id, b.record.id]);
  await again.close();
}

describe('invitation tokens', () => {
  it('are random, kept as a hash, and compared in constant time', () => {
    const [x, y] = [makeInvite('viewer', null, 0), makeInvite('viewer', null, 0)];
    expect(x.token).not.toBe(y.token);
    expect(x.token.length).toBeGreaterThanOrEqual(32);
    expect(x.record.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashesMatch(x.record.tokenHash, hashToken(x.token))).toBe(true);
    expect(hashesMatch(x.record.tokenHash, y.record.tokenHash)).toBe(false);
    expect(hashesMatch(x.record.tokenHash, '')).toBe(false);
  });
});

describe('SqliteInviteStore', () => {
  it('keeps invitations in the data folder across a restart', async () => {
    const dir = tempDir('invites');
    const db = openDb(dir);
    const reopened = openDb(dir);
    await exercise(new SqliteInviteStore(db), async () => new SqliteInviteStore(reopened));
    db.close();
    reopened.close();
  });
});

describe('RedisInviteStore', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('shares invitations through Redis (a second connection, as another node, sees them)', async () => {
    await exercise(
      new RedisInviteStore(await connectRedis(redis.url, 'test-a')),
      async () => new RedisInviteStore(await connectRedis(redis.url, 'test-b')),
    );
  }, 30_000);
});

describe('People', () => {
  it('resolves the owner’s token, an invitation’s, a revoked one and a wrong one', async () => {
    const db = openDb(tempDir('people'));
    const people = new People('owner-token-0123456789', new SqliteInviteStore(db));
    expect(await people.resolve('owner-token-0123456789')).toEqual({
      ok: true,
      identity: { role: 'owner', name: null, inviteId: null },
    });
    const { invite, token } = await people.invite('viewer', 'Vera');
    expect(await people.resolve(token)).toEqual({
      ok: true,
      identity: { role: 'viewer', name: 'Vera', inviteId: invite.id },
    });
    expect(await people.stillValid(invite.id)).toBe(true);
    await people.revoke(invite.id);
    expect(await people.stillValid(invite.id)).toBe(false);
    expect(await people.stillValid('no-such-id')).toBe(false);
    expect(await people.resolve(token)).toEqual({ ok: false, reason: 'revoked' });
    expect(await people.resolve('owner-token-012345678')).toEqual({ ok: false, reason: 'wrong' });
    db.close();
  });
});
