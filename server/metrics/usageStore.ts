// Tokens in and out per workspace, UTC day, lane and person, in SQLite: the basis of the usage
// view and of per-lane budgets (which must survive a restart).
import type { MetricLane, UsageTotals } from '../../lib/protocol/metrics';
import type { Db } from '../store/db';

export const utcDay = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);

export class UsageStore {
  private readonly stmts;

  constructor(
    db: Db,
    private readonly workspace: string,
  ) {
    this.stmts = {
      add: db.prepare(`
        INSERT INTO usage_daily (workspace, day, lane, person, tokens_in, tokens_out) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (workspace, day, lane, person) DO UPDATE SET tokens_in = tokens_in + excluded.tokens_in, tokens_out = tokens_out + excluded.tokens_out`),
      laneDay: db.prepare<[string, string, string], { i: number | null; o: number | null }>(
        'SELECT SUM(tokens_in) AS i, SUM(tokens_out) AS o FROM usage_daily WHERE workspace = ? AND day = ? AND lane = ?',
      ),
      byPerson: db.prepare<[string, string], { person: string; lane: string; tokens_in: number; tokens_out: number }>(
        'SELECT person, lane, tokens_in, tokens_out FROM usage_daily WHERE workspace = ? AND day = ? ORDER BY tokens_in + tokens_out DESC LIMIT 50',
      ),
    };
  }

  add(lane: MetricLane, person: string, tokensIn: number, tokensOut: number, now = Date.now()): void {
    if (tokensIn <= 0 && tokensOut <= 0) return;
    this.stmts.add.run(this.workspace, utcDay(now), lane, person, Math.round(tokensIn), Math.round(tokensOut));
  }

  today(lane: MetricLane, now = Date.now()): UsageTotals {
    const row = this.stmts.laneDay.get(this.workspace, utcDay(now), lane);
    return { tokensIn: row?.i ?? 0, tokensOut: row?.o ?? 0 };
  }

  byPerson(now = Date.now()) {
    return this.stmts.byPerson.all(this.workspace, utcDay(now)).map((r) => ({
      person: r.person,
      lane: r.lane as MetricLane,
      tokensIn: r.tokens_in,
      tokensOut: r.tokens_out,
    }));
  }
}
