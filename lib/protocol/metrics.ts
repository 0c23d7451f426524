// The latency figures Tandem measures, by lane: their names on /metrics and in the dashboard,
// and the shape of the dashboard's summary (GET /api/metrics/summary).
import type { Lane } from './route';

export const LATENCY_METRICS = [
  {
    key: 'harnessMs',
    name: 'harness_ms',
    label: 'harness',
    help: "Tandem's own time: request received → model request sent",
  },
  { key: 'ttftMs', name: 'model_ttft_ms', label: 'model TTFT', help: 'model request sent → first token' },
  {
    key: 'submitToFirstPaintMs',
    name: 'first_paint_ms',
    label: 'first paint',
    help: 'submit → first ghost paint, in the browser',
  },
  {
    key: 'tokensPerSec',
    name: 'tokens_per_second',
    label: 'tokens/s',
    help: "output tokens per second of a turn (the model's token count; estimated from characters when it sends none)",
  },
  {
    key: 'interruptToCloseMs',
    name: 'interrupt_ms',
    label: 'interrupt',
    help: 'interrupt received → upstream response closed',
  },
  {
    key: 'redirectToFirstTokenMs',
    name: 'redirect_ms',
    label: 'redirect',
    help: 'redirect received → first new token',
  },
  {
    key: 'toolCallMs',
    name: 'tool_call_overhead_ms',
    label: 'tool-call overhead',
    help: 'time spent running one agent tool call',
  },
  { key: 'queueWaitMs', name: 'queue_wait_ms', label: 'queue wait', help: 'background run queued → started' },
  // the review lane does not stream, so it has no first token: this is the time to the whole answer
  {
    key: 'reviewAnswerMs',
    name: 'review_answer_ms',
    label: 'review answer',
    help: 'review request sent → whole answer received',
  },
] as const;

export type LatencyKey = (typeof LATENCY_METRICS)[number]['key'];

export type Percentiles = {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  recent: number[];
};

/** `estimated`: some of these tokens were counted as characters / 4 because the provider sent no `usage`. */
export type UsageTotals = { tokensIn: number; tokensOut: number; estimated: boolean };

export type MetricsSummary = {
  workspace: string;
  lanes: Record<Lane, Partial<Record<LatencyKey, Percentiles>>>;
  usage: {
    today: Record<Lane, UsageTotals>;
    byPerson: ({ person: string; lane: Lane } & UsageTotals)[];
  };
  /** Tokens per UTC day allowed per lane (from tandem.json `budgets`); absent = unlimited. */
  budgets: Partial<Record<Lane, number>>;
};
