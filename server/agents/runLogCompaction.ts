// Why: the run log of cluster mode grows with every change; bounded, it is a snapshot plus a
// trimmed tail. A process whose copy has read the log up to entry S writes each run's state at S
// into the snapshot (only the runs changed since the last snapshot; runs deleted since are
// dropped), then trims the log to its newest entries (never past S) and notes the last entry it
// cut. A copy that had read less than that loads the snapshot and reads on after S (see
// redisRunLedger.ts), so a late node or worker still gets every run with all its evidence.
import type { Redis } from 'ioredis';
import type { RunKeys } from './redisKeys';
import { compareIds } from './runFeed';
import type { SnapshotRun } from './runCopy';

export type Compactor = Redis & {
  tandemRunCompact(snapshot: string, feed: string, trimmed: string, ...args: string[]): Promise<number>;
};

/** What the compacting copy has, taken in one tick: the entry it has read up to, its runs, and the changed ones. */
export type Capture = { at: string; live: Set<string>; changed: Map<string, SnapshotRun | null> };

const LOCK_MS = 60_000;

/** The stream id right after `id` ("ms-n" → "ms-(n+1)"). */
export function nextId(id: string): string {
  const [ms, n] = id.split('-');
  return `${ms}-${Number(n) + 1}`;
}

/**
 * The write script's arguments: what to drop, what to write, where to cut. `keepFrom` is the
 * oldest entry of the newest ones kept; the log is never cut past the captured entry.
 */
export function compactionArgs(
  prevAt: string | null,
  fields: string[],
  cap: Capture,
  keepFrom: string,
  compare: (a: string, b: string) => number,
): string[] {
  const drop = new Set(fields.filter((f) => f !== '@at' && !cap.live.has(f)));
  const write: string[] = [];
  for (const [id, state] of cap.changed) {
    if (state) write.push(id, JSON.stringify(state));
    else drop.add(id);
  }
  const after = nextId(cap.at);
  const minId = compare(keepFrom, after) < 0 ? keepFrom : after;
  return [prevAt ?? '', cap.at, minId, String(drop.size), ...drop, ...write];
}

/**
 * Atomic: refused (0) unless the snapshot is still at ARGV[1] (another process compacted
 * meanwhile); writes the runs' states at ARGV[2], cuts the log before ARGV[3] and notes the last
 * entry cut. KEYS: snapshot hash, log, trimmed mark.
 */
export const COMPACT_SCRIPT = `
local function cmp(a, b)
  local am, an = string.match(a, '(%d+)-(%d+)')
  local bm, bn = string.match(b, '(%d+)-(%d+)')
  am, an, bm, bn = tonumber(am), tonumber(an), tonumber(bm), tonumber(bn)
  if am ~= bm then return am - bm end
  return an - bn
end
local at = redis.call('HGET', KEYS[1], '@at') or ''
if at ~= ARGV[1] then return 0 end
local drops = tonumber(ARGV[4])
for i = 5, 4 + drops do redis.call('HDEL', KEYS[1], ARGV[i]) end
for i = 5 + drops, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], '@at', ARGV[2])
local last = redis.call('XREVRANGE', KEYS[2], '(' .. ARGV[3], '-', 'COUNT', 1)
if #last > 0 then
  redis.call('XTRIM', KEYS[2], 'MINID', ARGV[3])
  local old = redis.call('GET', KEYS[3])
  if not old or cmp(old, last[1][1]) < 0 then redis.call('SET', KEYS[3], last[1][1]) end
end
return 1
`;

/**
 * Compacts the log when no other process is doing it. `capture` runs synchronously between the
 * reads and the write, on a copy that does not move meanwhile.
 */
export async function compactLog(opts: {
  redis: Compactor;
  keys: RunKeys;
  keep: number;
  owner: string;
  capture: (since: string | null) => Capture;
  compare: (a: string, b: string) => number;
}): Promise<'compacted' | 'busy' | 'raced'> {
  const { redis, keys } = opts;
  if ((await redis.set(keys.feedCompacting, opts.owner, 'PX', LOCK_MS, 'NX')) !== 'OK') return 'busy';
  try {
    const [prevAt, fields, newest] = await Promise.all([
      redis.hget(keys.feedSnapshot, '@at'),
      redis.hkeys(keys.feedSnapshot),
      redis.xrevrange(keys.feed, '+', '-', 'COUNT', opts.keep),
    ]);
    const keepFrom = newest[newest.length - 1]?.[0];
    if (!keepFrom) return 'raced';
    const cap = opts.capture(prevAt);
    // A copy behind the snapshot cannot add to it.
    if (prevAt && opts.compare(cap.at, prevAt) <= 0) return 'raced';
    const args = compactionArgs(prevAt, fields, cap, keepFrom, opts.compare);
    const done = await redis.tandemRunCompact(keys.feedSnapshot, keys.feed, keys.feedTrimmed, ...args);
    return done === 1 ? 'compacted' : 'raced';
  } finally {
    if ((await redis.get(keys.feedCompacting)) === opts.owner) await redis.del(keys.feedCompacting);
  }
}

/** How many entries a copy reads between two looks at the log's length: a tenth of the bound. */
export function checkEvery(maxEntries: number): number {
  return Math.max(1, Math.floor(maxEntries / 10));
}

/** Past `maxEntries`, compacts the log to its newest half; how long it took, or null when it did not. */
export async function compactIfLong(opts: {
  redis: Compactor;
  keys: RunKeys;
  maxEntries: number;
  owner: string;
  capture: (since: string | null) => Capture;
}): Promise<{ ms: number } | null> {
  if ((await opts.redis.xlen(opts.keys.feed)) <= opts.maxEntries) return null;
  const started = Date.now();
  const outcome = await compactLog({ ...opts, keep: Math.ceil(opts.maxEntries / 2), compare: compareIds });
  return outcome === 'compacted' ? { ms: Date.now() - started } : null;
}
