// The few things the cluster must do atomically in Redis, as Lua scripts: give an update its place
// in a document's log, swap a log for its snapshot, hold a file's lease (with a fencing token) and
// check it right before a write. Sent once by their SHA-1 (EVALSHA), again in full only when Redis
// forgot them (after a restart).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type Script = { source: string; sha: string; keys: number };

export const script = (keys: number, source: string): Script => ({
  source,
  keys,
  sha: createHash('sha1').update(source).digest('hex'),
});

/** KEYS log, meta; ARGV node, update → the update's sequence number. */
export const APPEND = script(
  2,
  `local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('XADD', KEYS[1], seq .. '-0', 'n', ARGV[1], 'u', ARGV[2])
return seq`,
);

/**
 * KEYS log, snap, meta; ARGV expected snapSeq, through, snapshot → 1, or 0 when another node
 * compacted meanwhile. Keeps the entry at `through`, so a follower that lagged behind the trim
 * sees a gap in the sequence (rather than nothing) and reloads the snapshot.
 */
export const COMPACT = script(
  3,
  `local cur = tonumber(redis.call('HGET', KEYS[3], 'snapSeq') or '0')
if cur ~= tonumber(ARGV[1]) or tonumber(ARGV[2]) <= cur then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[3], 'snapSeq', ARGV[2])
redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2] .. '-0')
return 1`,
);

/** KEYS key; ARGV owner, ttl ms → 1 when the owner holds it now (taken or renewed), else 0. */
export const CLAIM = script(
  1,
  `local h = redis.call('GET', KEYS[1])
if h == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not h then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`,
);

/**
 * A file lease with a fencing token. KEYS lease, fence; ARGV owner, ttl ms → the token (> 0) under
 * which the owner holds it now, else 0. Each new holder gets a new token (INCR), a renewal keeps it.
 */
export const LEASE = script(
  2,
  `local h = redis.call('GET', KEYS[1])
if h == ARGV[1] then
  local token = tonumber(redis.call('GET', KEYS[2]) or '0')
  if token > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
  return token
end
if h then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return redis.call('INCR', KEYS[2])`,
);

/** KEYS lease, fence; ARGV owner, token → 1 while the owner still holds the lease under that token. */
export const FENCE = script(
  2,
  `if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('GET', KEYS[2]) == ARGV[2] then return 1 end
return 0`,
);

/** KEYS key; ARGV owner → 1 when it was the owner's and is now free. */
export const RELEASE = script(
  1,
  `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0`,
);

/** Runs a script by its SHA-1, sending it in full when Redis does not know it; its reply as Redis sent it. */
export async function evalScript(
  redis: Redis,
  s: Script,
  keys: string[],
  args: (string | number | Buffer)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(s.sha, s.keys, ...keys, ...args);
  } catch (err) {
    if (!String((err as Error).message).startsWith('NOSCRIPT')) throw err;
    return await redis.eval(s.source, s.keys, ...keys, ...args);
  }
}

/** A script whose reply is a number. */
export async function runScript(
  redis: Redis,
  s: Script,
  keys: string[],
  args: (string | number | Buffer)[],
): Promise<number> {
  return Number(await evalScript(redis, s, keys, args));
}
