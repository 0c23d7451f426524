// Token usage in a cluster: one Redis hash per workspace and UTC day, `tandem:usage:{<workspace>}:<day>`,
// fields `<lane>:<in|out|est>:<person>` counted with HINCRBY (the key expires KEEP_DAYS after its last
// write), so every node's totals — and so every node's budget check — are the cluster's. Reads stay
// synchronous (a budget is checked where a request starts, with no round trip): each node keeps a
// copy of today's hash, taken again with every add it makes (the same MULTI returns the whole hash)
// and every REFRESH_MS. So a node sees another's spending within about a second; requests started
// on several nodes in that second, or at once, can overshoot a budget by what they spend (each is
// checked when it starts, not while it streams — as in one process).
// The strong lane is the exception: a background run's tokens reach every web node from the run log
// (server/agents/runFigures.ts), so each node's own count (its SQLite, `local`) already is the
// cluster's; adding it to Redis from every node would count each run once per node.
// Redis away: adds wait in the client's queue and are counted when it is back; meanwhile this node
// counts them in its copy, and its budgets use the last cluster totals it heard plus its own.
import type { Redis } from 'ioredis';
import type { UsageTotals } from '../../lib/protocol/metrics';
import type { Lane } from '../../lib/protocol/route';
import { KEY_PREFIX } from '../cluster/keys';
import type { TokenCount } from './tokenCount';
import { BY_PERSON_ROWS, roundedCount, utcDay, type PersonUsage, type UsageStore } from './usageStore';

/** How often a node takes the cluster's totals again (besides after each of its own adds). */
export const REFRESH_MS = 1000;
const KEEP_DAYS = 3;

type Direction = 'in' | 'out' | 'est';
const field = (lane: Lane, direction: Direction, person: string) => `${lane}:${direction}:${person}`;

/** The day's hash as totals per lane and rows per person and lane (pure). */
export function foldUsage(hash: Readonly<Record<string, string | number>>): {
  lanes: Map<Lane, UsageTotals>;
  people: PersonUsage[];
} {
  const rows = new Map<string, { lane: Lane; person: string; in: number; out: number; est: number }>();
  for (const [key, value] of Object.entries(hash)) {
    const first = key.indexOf(':');
    const second = key.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const lane = key.slice(0, first) as Lane;
    const direction = key.slice(first + 1, second) as Direction;
    const person = key.slice(second + 1);
    const id = `${lane}:${person}`;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = { lane, person, in: 0, out: 0, est: 0 }));
    if (direction === 'in' || direction === 'out' || direction === 'est') row[direction] += Number(value) || 0;
  }
  const lanes = new Map<Lane, UsageTotals>();
  const people: PersonUsage[] = [];
  for (const r of rows.values()) {
    const t = lanes.get(r.lane) ?? { tokensIn: 0, tokensOut: 0, estimated: false };
    const estimated = t.estimated || r.est > 0;
    lanes.set(r.lane, { tokensIn: t.tokensIn + r.in, tokensOut: t.tokensOut + r.out, estimated });
    people.push({ person: r.person, lane: r.lane, tokensIn: r.in, tokensOut: r.out, estimated: r.est > 0 });
  }
  return { lanes, people };
}

const NONE: UsageTotals = { tokensIn: 0, tokensOut: 0, estimated: false };

export class RedisUsageStore implements UsageStore {
  private day = utcDay();
  private copy: Record<string, number> = {};
  private refreshing = false;
  private readonly timer: NodeJS.Timeout;
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: Redis,
    workspace: string,
    /** The store of the lanes every node hears of anyway (the strong lane). */
    private readonly local: UsageStore,
    private readonly log: (m: string) => void,
    private readonly localLanes: readonly Lane[] = ['strong'],
  ) {
    this.keyPrefix = `${KEY_PREFIX}usage:{${workspace}}:`;
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /** Takes the cluster's totals once, before the node serves anyone. */
  static async open(
    redis: Redis,
    workspace: string,
    local: UsageStore,
    log: (m: string) => void,
  ): Promise<RedisUsageStore> {
    const store = new RedisUsageStore(redis, workspace, local, log);
    await store.refresh();
    return store;
  }

  add(lane: Lane, person: string, count: TokenCount, now = Date.now()): void {
    if (this.localLanes.includes(lane)) return this.local.add(lane, person, count, now);
    const c = roundedCount(count);
    if (!c) return;
    const day = utcDay(now);
    const key = this.keyPrefix + day;
    const counts: [Direction, number][] = [
      ['in', c.tokensIn],
      ['out', c.tokensOut],
      ['est', c.estimated],
    ];
    const tx = this.redis.multi();
    for (const [direction, n] of counts) {
      if (n === 0) continue;
      const f = field(lane, direction, person);
      tx.hincrby(key, f, n);
      if (day === this.day) this.copy[f] = (this.copy[f] ?? 0) + n;
    }
    tx.expire(key, KEEP_DAYS * 24 * 3600).hgetall(key);
    tx.exec()
      .then((replies) => {
        const all = replies?.at(-1);
        if (all && !all[0] && day === this.day) this.take(all[1] as Record<string, string>);
      })
      .catch((err: unknown) => this.log(`usage not counted in Redis: ${messageOf(err)}`));
  }

  today(lane: Lane, now = Date.now()): UsageTotals {
    if (this.localLanes.includes(lane)) return this.local.today(lane, now);
    if (utcDay(now) !== this.day) return NONE;
    return foldUsage(this.copy).lanes.get(lane) ?? NONE;
  }

  byPerson(now = Date.now()): PersonUsage[] {
    const shared = utcDay(now) === this.day ? foldUsage(this.copy).people : [];
    const local = this.local.byPerson(now).filter((r) => this.localLanes.includes(r.lane));
    return [...shared, ...local]
      .sort((a, b) => b.tokensIn + b.tokensOut - (a.tokensIn + a.tokensOut))
      .slice(0, BY_PERSON_ROWS);
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** Today's hash from Redis (one at a time: while Redis is away they would only pile up). */
  private async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    const day = utcDay();
    try {
      const hash = await this.redis.hgetall(this.keyPrefix + day);
      if (day !== this.day) {
        this.day = day;
        this.copy = {};
      }
      this.take(hash);
    } catch (err) {
      this.log(`usage: could not read the cluster's totals: ${messageOf(err)}`);
    } finally {
      this.refreshing = false;
    }
  }

  private take(hash: Record<string, string>): void {
    this.copy = Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, Number(v) || 0]));
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
