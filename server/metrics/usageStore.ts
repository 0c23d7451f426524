// Tokens in and out per workspace, UTC day, lane and person: the basis of the usage view and of
// per-lane budgets (which must survive a restart). Tokens that were estimated (the provider sent no
// usage) are counted apart too, so a total that holds any says it is an estimate. One interface,
// one implementation per mode: SQLite in one process (here), Redis in a cluster (redisUsageStore.ts,
// where every node's totals are the cluster's); the metrics hub does not know which one it has.
// Reads are synchronous: a budget is checked where a request starts, with no round trip.
import type { UsageTotals } from '../../lib/protocol/metrics';
import type { Lane } from '../../lib/protocol/route';
import type { Db } from '../store/db';
import type { TokenCount } from './tokenCount';

export const utcDay = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);

type Sums = { i: number | null; o: number | null; e: number | null };
const totals = (r: Sums | undefined): UsageTotals => ({
  tokensIn: r?.i ?? 0,
  tokensOut: r?.o ?? 0,
  estimated: (r?.e ?? 0) > 0,
});

/** One row of today's usage by person. */
export type PersonUsage = UsageTotals & { person: string; lane: Lane };

export interface UsageStore {
  /** Counts tokens a lane used for a person (rounded; nothing when both are 0). */
  add(lane: Lane, person: string, count: TokenCount, now?: number): void;
  /** What a lane used on the UTC day of `now`. */
  today(lane: Lane, now?: number): UsageTotals;
  /** Today's usage per person and lane, the largest first (at most BY_PERSON_ROWS). */
  byPerson(now?: number): PersonUsage[];
}

export const BY_PERSON_ROWS = 50;

/** Whole tokens in and out, and how many of them were estimated; null when there is nothing to count. */
export function roundedCount(count: TokenCount): { tokensIn: number; tokensOut: number; estimated: number } | null {
  const tokensIn = Math.round(count.tokensIn);
  const tokensOut = Math.round(count.tokensOut);
  if (tokensIn <= 0 && tokensOut <= 0) return null;
  return { tokensIn, tokensOut, estimated: count.estimated ? Math.max(0, tokensIn) + Math.max(0, tokensOut) : 0 };
}

export class SqliteUsageStore implements UsageStore {
  private readonly stmts;

  constructor(
    db: Db,
    private readonly workspace: string,
  ) {
    this.stmts = {
      add: db.prepare(`
        INSERT INTO usage_daily (workspace, day, lane, person, tokens_in, tokens_out, estimated_tokens)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace, day, lane, person) DO UPDATE SET
          tokens_in = tokens_in + excluded.tokens_in,
          tokens_out = tokens_out + excluded.tokens_out,
          estimated_tokens = estimated_tokens + excluded.estimated_tokens`),
      laneDay: db.prepare<[string, string, string], Sums>(`
        SELECT SUM(tokens_in) AS i, SUM(tokens_out) AS o, SUM(estimated_tokens) AS e
        FROM usage_daily WHERE workspace = ? AND day = ? AND lane = ?`),
      byPerson: db.prepare<[string, string], Sums & { person: string; lane: string }>(`
        SELECT person, lane, tokens_in AS i, tokens_out AS o, estimated_tokens AS e FROM usage_daily
        WHERE workspace = ? AND day = ? ORDER BY tokens_in + tokens_out DESC LIMIT ${BY_PERSON_ROWS}`),
    };
  }

  add(lane: Lane, person: string, count: TokenCount, now = Date.now()): void {
    const c = roundedCount(count);
    if (c) this.stmts.add.run(this.workspace, utcDay(now), lane, person, c.tokensIn, c.tokensOut, c.estimated);
  }

  today(lane: Lane, now = Date.now()): UsageTotals {
    return totals(this.stmts.laneDay.get(this.workspace, utcDay(now), lane));
  }

  byPerson(now = Date.now()): PersonUsage[] {
    const rows = this.stmts.byPerson.all(this.workspace, utcDay(now));
    return rows.map((r) => ({ person: r.person, lane: r.lane as Lane, ...totals(r) }));
  }
}
