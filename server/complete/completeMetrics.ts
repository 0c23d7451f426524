// The autocomplete lane's figures on /metrics (prom-client, on the hub's registry): per suggestion
// keystroke → request sent and keystroke → ghost text shown (the browser measures them and
// reports with complete/report), the model's time to first token, request → suggestion on the
// server, shown → accepted/dismissed; suggestions shown, accepted and dismissed per model, from
// which the acceptance rate per model follows (accepted / shown); `stats` reads them back per
// model for the dashboard. Next-edit suggestions have the same figures in sibling families
// (`tandem_complete_next_edit_*`).
import { Counter, Histogram, type Registry } from 'prom-client';
import { ProtocolFailure } from '../../lib/protocol';
import type { CompleteModelStats, CompleteOutcome, CompleteReport } from '../../lib/protocol/complete';

const MS_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000];

export const COMPLETE_STAGES = [
  'keystroke_to_request',
  'model_ttft',
  'server_total',
  'keystroke_to_shown',
  'shown_to_outcome',
] as const;
export type CompleteStage = (typeof COMPLETE_STAGES)[number];

export class CompleteMetrics {
  private readonly ms: Histogram<'stage' | 'model'>;
  private readonly suggestions: Counter<'model' | 'outcome'>;

  /** `family` names the series: `tandem_complete` (inline completions) or `tandem_complete_next_edit`. */
  constructor(registry: Registry, family: 'tandem_complete' | 'tandem_complete_next_edit' = 'tandem_complete') {
    const what = family === 'tandem_complete' ? 'autocomplete' : 'next-edit';
    this.ms = new Histogram({
      name: `${family}_ms`,
      help:
        `${what} latency by stage: keystroke_to_request, model_ttft, server_total, ` +
        'keystroke_to_shown, shown_to_outcome',
      labelNames: ['stage', 'model'],
      buckets: MS_BUCKETS,
      registers: [registry],
    });
    this.suggestions = new Counter({
      name: `${family}_suggestions_total`,
      help:
        `${what} suggestions by model and outcome: served (non-empty, to the browser), ` + 'shown, accepted, dismissed',
      labelNames: ['model', 'outcome'],
      registers: [registry],
    });
  }

  observe(stage: CompleteStage, model: string, ms: number | null | undefined): void {
    if (ms !== null && ms !== undefined && Number.isFinite(ms)) this.ms.observe({ stage, model }, ms);
  }

  count(model: string, outcome: 'served' | 'shown' | CompleteOutcome): void {
    this.suggestions.inc({ model, outcome });
  }

  /** Per model: suggestions shown and accepted, mean keystroke → shown and model TTFT. */
  async stats(): Promise<CompleteModelStats[]> {
    const byModel = new Map<string, CompleteModelStats>();
    const of = (model: string) => {
      let s = byModel.get(model);
      if (!s) byModel.set(model, (s = { model, shown: 0, accepted: 0, keystrokeToShownMs: null, modelTtftMs: null }));
      return s;
    };
    for (const { labels, value } of (await this.suggestions.get()).values) {
      const s = of(String(labels.model));
      if (labels.outcome === 'shown') s.shown = value;
      else if (labels.outcome === 'accepted') s.accepted = value;
    }
    const sums = new Map<string, number>();
    for (const { labels, value, metricName } of (await this.ms.get()).values) {
      const key = `${labels.model}\0${labels.stage}`;
      if (metricName === 'tandem_complete_ms_sum') sums.set(key, value);
      if (metricName !== 'tandem_complete_ms_count' || value === 0) continue;
      const mean = (sums.get(key) ?? 0) / value;
      if (labels.stage === 'keystroke_to_shown') of(String(labels.model)).keystrokeToShownMs = mean;
      if (labels.stage === 'model_ttft') of(String(labels.model)).modelTtftMs = mean;
    }
    return [...byModel.values()];
  }

  /** The browser's report of a shown suggestion: its times, and shown plus its outcome. */
  /** Records the browser's report of a suggestion; refuses an accepted one without its time shown. */
  report(model: string, report: CompleteReport): void {
    if (report.shownToOutcomeMs === undefined && report.outcome === 'accepted') {
      throw new ProtocolFailure('bad_request', 'an accepted suggestion was shown: send shownToOutcomeMs');
    }
    this.observe('keystroke_to_request', model, report.keystrokeToRequestMs);
    this.observe('keystroke_to_shown', model, report.keystrokeToShownMs);
    if (report.shownToOutcomeMs === undefined) return;
    this.count(model, 'shown');
    this.count(model, report.outcome);
    this.observe('shown_to_outcome', model, report.shownToOutcomeMs);
  }
}
