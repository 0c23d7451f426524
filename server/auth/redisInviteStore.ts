// Invitations in Redis (cluster mode): every node sees the same invitations, and a revoke on one
// node holds on all at once. Each invitation is a hash; a sorted set orders them, and one key per
// token hash finds them. All keys share the {invites} hash tag (one slot on a Redis Cluster).
import type { Redis } from 'ioredis';
import type { Invite } from '../../lib/protocol/people';
import { KEY_PREFIX } from '../cluster/keys';
import { publicInvite, type InviteRecord, type InviteStore } from './inviteStore';

const BASE = `${KEY_PREFIX}{invites}`;
export const inviteKeys = {
  all: `${BASE}:all`,
  one: (id: string) => `${BASE}:id:${id}`,
  byHash: (tokenHash: string) => `${BASE}:token:${tokenHash}`,
};

function fromHash(h: Record<string, string>): InviteRecord | null {
  if (!h.id) return null;
  return {
    id: h.id,
    role: h.role === 'editor' ? 'editor' : 'viewer',
    name: h.name ? h.name : null,
    tokenHash: h.tokenHash,
    createdAt: Number(h.createdAt),
    revokedAt: h.revokedAt ? Number(h.revokedAt) : null,
  };
}

export class RedisInviteStore implements InviteStore {
  /** `redis` is this store's own connection: close() ends it. */
  constructor(private readonly redis: Redis) {}

  async add(r: InviteRecord): Promise<void> {
    await this.redis
      .multi()
      .hset(inviteKeys.one(r.id), {
        id: r.id,
        role: r.role,
        name: r.name ?? '',
        tokenHash: r.tokenHash,
        createdAt: String(r.createdAt),
      })
      .set(inviteKeys.byHash(r.tokenHash), r.id)
      .zadd(inviteKeys.all, r.createdAt, r.id)
      .exec();
  }

  private async get(id: string): Promise<InviteRecord | null> {
    return fromHash(await this.redis.hgetall(inviteKeys.one(id)));
  }

  async list(): Promise<Invite[]> {
    const ids = await this.redis.zrange(inviteKeys.all, 0, -1);
    const found = await Promise.all(ids.map((id) => this.get(id)));
    return found.filter((r): r is InviteRecord => r !== null).map(publicInvite);
  }

  async byTokenHash(tokenHash: string): Promise<InviteRecord | null> {
    const id = await this.redis.get(inviteKeys.byHash(tokenHash));
    return id ? this.get(id) : null;
  }

  async byId(id: string): Promise<Invite | null> {
    const r = await this.get(id);
    return r && publicInvite(r);
  }

  async revoke(id: string, at: number): Promise<Invite | null> {
    if (!(await this.redis.exists(inviteKeys.one(id)))) return null;
    await this.redis.hsetnx(inviteKeys.one(id), 'revokedAt', String(at));
    const r = await this.get(id);
    return r && publicInvite(r);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
