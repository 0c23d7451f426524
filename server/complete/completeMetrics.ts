// The autocomplete lane's figures on /metrics (prom-client, on the hub's registry): per suggestion
// keystroke → request sent and keystroke → ghost text shown (the browser measures them and
// reports with complete/report), the model's time to first token, request → suggestion on the
// server, shown → accepted/dismissed; suggestions shown, accepted and dismissed per model, from
// which the acceptance rate per model follows (accepted / shown).
import { Counter, Histogram, type Registry } from 'prom-client';
import type { CompleteOutcome } from '../../lib/protocol/complete';

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

  constructor(registry: Registry) {
    this.ms = new Histogram({
      name: 'tandem_complete_ms',
      help:
        'autocomplete latency by stage: keystroke_to_request, model_ttft, server_total, ' +
        'keystroke_to_shown, shown_to_outcome',
      labelNames: ['stage', 'model'],
      buckets: MS_BUCKETS,
      registers: [registry],
    });
    this.suggestions = new Counter({
      name: 'tandem_complete_suggestions_total',
      help:
        'autocomplete suggestions by model and outcome: served (non-empty, to the browser), ' +
        'shown, accepted, dismissed',
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
}
