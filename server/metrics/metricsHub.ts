// Where every lane reports what it measured: Prometheus histograms for /metrics (prom-client),
// a window of recent values per lane for the dashboard's percentiles, token usage per person and
// lane (with which of it is estimated), and the per-lane daily budgets from the workspace's tandem.json.
// Usage and budgets come from the UsageStore it is given: in a cluster, the whole cluster's.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import { ProtocolFailure } from '../../lib/protocol';
import { LATENCY_METRICS, type LatencyKey, type MetricsSummary, type Percentiles } from '../../lib/protocol/metrics';
import { LANES, type Lane } from '../../lib/protocol/route';
import type { Db } from '../store/db';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { summarize, Window } from './percentiles';
import { describeTokens, type TokenCount } from './tokenCount';
import { SqliteUsageStore, type UsageStore } from './usageStore';

const MS_BUCKETS = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000, 120000];
const RUN_MS_BUCKETS = [100, 500, 1000, 2000, 5000, 10000, 30000, 60000, 120000, 300000, 900000, 3600000];
const TPS_BUCKETS = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000];

const budgetsSchema = z
  .strictObject({ fast: z.number().int().min(0), strong: z.number().int().min(0), review: z.number().int().min(0) })
  .partial();

export class MetricsHub {
  readonly registry = new Registry();
  private readonly histograms: Record<LatencyKey, Histogram<'lane' | 'workspace'>>;
  private readonly tokens: Counter<'lane' | 'direction' | 'workspace'>;
  private readonly estimatedTokens: Counter<'lane' | 'workspace'>;
  private readonly routeDecisions: Counter<'by' | 'workspace'>;
  private readonly classifierMs: Histogram<'workspace'>;
  private readonly runsFinished: Counter<'outcome' | 'processed_by' | 'workspace'>;
  private readonly runDuration: Histogram<'outcome' | 'processed_by' | 'workspace'>;
  private readonly windows = new Map<string, Window>();
  private readonly firstTokens = new Map<Lane, number>();
  private readonly usage: UsageStore;

  constructor(
    db: Db,
    private readonly workspace: string,
    private readonly config: WorkspaceConfigFile,
    /** Where token usage is counted (one process: SQLite in `db`; a cluster: Redis). */
    usage: UsageStore = new SqliteUsageStore(db, workspace),
  ) {
    this.usage = usage;
    collectDefaultMetrics({ register: this.registry, prefix: 'tandem_process_' });
    this.histograms = Object.fromEntries(
      LATENCY_METRICS.map((m) => [
        m.key,
        new Histogram({
          name: `tandem_${m.name}`,
          help: m.help,
          labelNames: ['lane', 'workspace'],
          buckets: m.key === 'tokensPerSec' ? TPS_BUCKETS : MS_BUCKETS,
          registers: [this.registry],
        }),
      ]),
    ) as Record<LatencyKey, Histogram<'lane' | 'workspace'>>;
    this.tokens = new Counter({
      name: 'tandem_tokens_total',
      help: 'model tokens by lane and direction (in = prompt, out = completion)',
      labelNames: ['lane', 'direction', 'workspace'],
      registers: [this.registry],
    });
    this.estimatedTokens = new Counter({
      name: 'tandem_estimated_tokens_total',
      help: 'the part of tandem_tokens_total estimated as characters / 4 because the provider sent no usage',
      labelNames: ['lane', 'workspace'],
      registers: [this.registry],
    });
    this.routeDecisions = new Counter({
      name: 'tandem_route_decisions_total',
      help: 'routing decisions by who made them: rules, classifier (the fast model), classifier_gave_none',
      labelNames: ['by', 'workspace'],
      registers: [this.registry],
    });
    this.classifierMs = new Histogram({
      name: 'tandem_route_classifier_ms',
      help: 'how long the router waited for the fast model to classify an instruction (cache hits included)',
      labelNames: ['workspace'],
      buckets: MS_BUCKETS,
      registers: [this.registry],
    });
    this.runsFinished = new Counter({
      name: 'tandem_runs_finished_total',
      help: 'background runs that ended, by outcome and by the process that ran them (cluster: every node counts all)',
      labelNames: ['outcome', 'processed_by', 'workspace'],
      registers: [this.registry],
    });
    this.runDuration = new Histogram({
      name: 'tandem_run_duration_ms',
      help: 'background run started → ended, by outcome and by the process that ran it',
      labelNames: ['outcome', 'processed_by', 'workspace'],
      buckets: RUN_MS_BUCKETS,
      registers: [this.registry],
    });
    const { usage: store, workspace: ws } = this;
    new Gauge({
      name: 'tandem_usage_today_tokens',
      help: "tokens used today (UTC) by lane and direction, the basis of the budgets (cluster: the whole cluster's)",
      labelNames: ['lane', 'direction', 'workspace'],
      registers: [this.registry],
      collect() {
        for (const lane of LANES) {
          const used = store.today(lane);
          this.set({ lane, direction: 'in', workspace: ws }, used.tokensIn);
          this.set({ lane, direction: 'out', workspace: ws }, used.tokensOut);
        }
      },
    });
  }

  /** A background run ended (`processedBy`: the node or worker that ran it; `embedded` without a cluster). */
  runFinished(outcome: string, durationMs: number | null, processedBy: string): void {
    const labels = { outcome, processed_by: processedBy, workspace: this.workspace };
    this.runsFinished.inc(labels);
    if (durationMs !== null && durationMs >= 0) this.runDuration.observe(labels, durationMs);
  }

  /** One routing decision: by the rules alone, or after asking the fast model (which took `classifierMs`). */
  routeDecided(by: 'rules' | 'classifier' | 'classifierGaveNone', classifierMs?: number): void {
    const label = by === 'classifierGaveNone' ? 'classifier_gave_none' : by;
    this.routeDecisions.inc({ by: label, workspace: this.workspace });
    if (classifierMs !== undefined) this.classifierMs.observe({ workspace: this.workspace }, classifierMs);
  }

  /** Records the figures of one turn (or one tool call, one queued run) in a lane. */
  observe(lane: Lane, values: Partial<Record<LatencyKey, number | undefined>>): void {
    const ttft = values.ttftMs;
    if (ttft !== undefined && Number.isFinite(ttft) && ttft >= 0)
      this.firstTokens.set(lane, (this.firstTokens.get(lane) ?? 0) + 1);
    for (const { key } of LATENCY_METRICS) {
      const v = values[key];
      if (v === undefined || !Number.isFinite(v) || v < 0) continue;
      this.histograms[key].observe({ lane, workspace: this.workspace }, v);
      const id = `${lane}:${key}`;
      let w = this.windows.get(id);
      if (!w) this.windows.set(id, (w = new Window()));
      w.push(v);
    }
  }

  /** Turns (model calls) of the lane that reached a first token since this process started. */
  turns(lane: Lane): number {
    return this.firstTokens.get(lane) ?? 0;
  }

  /** The latest `n` values of one figure in a lane, oldest first (the router weighs the fast lane's). */
  recent(lane: Lane, key: LatencyKey, n: number): readonly number[] {
    return this.windows.get(`${lane}:${key}`)?.all().slice(-n) ?? [];
  }

  addUsage(lane: Lane, person: string, count: TokenCount): void {
    const { tokensIn, tokensOut } = count;
    if (tokensIn > 0) this.tokens.inc({ lane, direction: 'in', workspace: this.workspace }, tokensIn);
    if (tokensOut > 0) this.tokens.inc({ lane, direction: 'out', workspace: this.workspace }, tokensOut);
    if (count.estimated && tokensIn + tokensOut > 0)
      this.estimatedTokens.inc({ lane, workspace: this.workspace }, tokensIn + tokensOut);
    this.usage.add(lane, person, count);
  }

  budgets(): MetricsSummary['budgets'] {
    const raw = this.config.read().budgets;
    if (raw === undefined) return {};
    const parsed = budgetsSchema.safeParse(raw);
    if (!parsed.success)
      throw new ProtocolFailure('unavailable', `tandem.json budgets: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  /** Tokens left today in each lane with a budget (none when tandem.json's budgets are broken). */
  budgetLeft(): Partial<Record<Lane, number>> {
    let budgets: MetricsSummary['budgets'];
    try {
      budgets = this.budgets();
    } catch {
      return {}; // new requests are refused with the reason by checkBudget
    }
    const left: Partial<Record<Lane, number>> = {};
    for (const lane of LANES) {
      const budget = budgets[lane];
      if (budget === undefined) continue;
      const used = this.usage.today(lane);
      left[lane] = Math.max(0, budget - used.tokensIn - used.tokensOut);
    }
    return left;
  }

  /** Refuses a new request in a lane whose daily token budget is used up. */
  checkBudget(lane: Lane): void {
    const budget = this.budgets()[lane];
    if (budget === undefined) return;
    const used = this.usage.today(lane);
    const total = used.tokensIn + used.tokensOut;
    if (total >= budget) throw new ProtocolFailure('unavailable', budgetMessage(lane, total, used.estimated, budget));
  }

  summary(): MetricsSummary {
    const lanes = Object.fromEntries(
      LANES.map((lane) => {
        const figures: Partial<Record<LatencyKey, Percentiles>> = {};
        for (const { key } of LATENCY_METRICS) {
          const w = this.windows.get(`${lane}:${key}`);
          if (w) figures[key] = summarize(w.all());
        }
        return [lane, figures];
      }),
    ) as MetricsSummary['lanes'];
    const today = Object.fromEntries(LANES.map((l) => [l, this.usage.today(l)])) as MetricsSummary['usage']['today'];
    let budgets: MetricsSummary['budgets'] = {};
    try {
      budgets = this.budgets();
    } catch {
      // a broken tandem.json shows as no budgets here; new requests are refused with the reason
    }
    return { workspace: this.workspace, lanes, usage: { today, byPerson: this.usage.byPerson() }, budgets };
  }
}

/** Why a lane is refused; a total that holds estimated tokens says so. */
export function budgetMessage(lane: Lane, total: number, estimated: boolean, budget: number): string {
  const used = describeTokens(total, estimated);
  const of = `${budget.toLocaleString('en-US')}-token budget for today in this workspace`;
  return (
    `the ${lane} lane has used ${used} of its ${of}: ` +
    `raise budgets.${lane} in tandem.json or wait until tomorrow (UTC)`
  );
}
