// What the router knows about the lanes right now: the fast model's speed over its recent turns,
// which model failed or is rate-limiting, and the tokens left in each lane's daily budget. Why:
// words alone cannot tell that a fast edit would take 40 s today, or that a lane is down. The
// snapshot is plain data computed by pure functions, so route() stays pure and testable; the
// LaneState class only keeps the failure log and reads the metrics hub when asked.
import type { LatencyKey } from '../../lib/protocol/metrics';
import type { Lane, ModelLane } from '../../lib/protocol/route';
import type { ModelErrorKind } from '../models/errors';

/** How many recent fast turns the speed is the median of. */
export const RECENT_TURNS = 20;
/** How long a failure marks its model as down, unless a success comes first or the provider asked for longer. */
export const DOWN_FOR_MS = 30_000;

/** Failures that say the model cannot serve right now (not the request's fault, not a cancel). */
const DOWN_KINDS: ReadonlySet<ModelErrorKind> = new Set<ModelErrorKind>([
  'rate_limit',
  'quota',
  'overloaded',
  'server',
  'network',
  'ttft_timeout',
  'stall_timeout',
  'auth',
]);

export type LaneFailure = { kind: ModelErrorKind; status: number | null; at: number; retryAfterMs: number | null };

export type LaneSnapshot = {
  /** Medians of the fast lane's recent turns; null before any turn was measured. */
  fast: { ttftMs: number | null; tokensPerSec: number | null; turns: number };
  /** Model lanes that failed recently and have not succeeded since. */
  down: Partial<Record<ModelLane, LaneFailure>>;
  /** Tokens left today in each lane that has a budget. */
  budgetLeft: Partial<Record<Lane, number>>;
};

/** Nothing measured, nothing down, no budgets: what the router assumes with no state. */
export const UNMEASURED: LaneSnapshot = {
  fast: { ttftMs: null, tokensPerSec: null, turns: 0 },
  down: {},
  budgetLeft: {},
};

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Whether a failure still marks its model as down at `now`. */
export function stillDown(failure: LaneFailure, now: number): boolean {
  return now - failure.at < Math.max(DOWN_FOR_MS, failure.retryAfterMs ?? 0);
}

/** The model a lane asks: the review lane reads with the strong lane's model. */
export const modelOf = (lane: Lane): ModelLane => (lane === 'fast' ? 'fast' : 'strong');

const TROUBLE: Partial<Record<ModelErrorKind, string>> = {
  rate_limit: 'is rate-limiting',
  quota: 'is out of quota',
  overloaded: 'is overloaded',
  auth: 'rejects its API key',
  network: 'cannot be reached',
  ttft_timeout: 'is not answering in time',
  stall_timeout: 'keeps stalling',
};

/**
 * Why a lane cannot take a request right now (its model is down, or its budget has fewer tokens
 * left than `tokens`), as words for the reason — or null when it can.
 */
export function unavailable(state: LaneSnapshot, lane: Lane, tokens = 1): string | null {
  const model = modelOf(lane);
  const failure = state.down[model];
  if (failure) {
    const code = failure.status !== null ? String(failure.status) : failure.kind.replace('_', ' ');
    return `the ${model} model ${TROUBLE[failure.kind] ?? 'is failing'} (${code})`;
  }
  const left = state.budgetLeft[lane];
  if (left !== undefined && left < Math.max(1, tokens)) {
    return left <= 0
      ? `the ${lane} lane's budget for today is used up`
      : `the ${lane} lane's budget has ${left.toLocaleString('en-US')} tokens left today`;
  }
  return null;
}

/** Where the figures and budgets come from (the metrics hub). */
export type LaneFigures = {
  recent(lane: Lane, key: LatencyKey, n: number): readonly number[];
  budgetLeft(): Partial<Record<Lane, number>>;
};

/** The live state: failures as the model calls report them, figures read from the hub. */
export class LaneState {
  private readonly failures = new Map<ModelLane, LaneFailure>();

  constructor(
    private readonly figures: LaneFigures,
    private readonly now: () => number = Date.now,
  ) {}

  /** A model call failed; only failures that say the model cannot serve mark it down. */
  failed(lane: ModelLane, error: { kind: ModelErrorKind; status: number | null; retryAfterMs: number | null }): void {
    if (!DOWN_KINDS.has(error.kind)) return;
    this.failures.set(lane, {
      kind: error.kind,
      status: error.status,
      retryAfterMs: error.retryAfterMs,
      at: this.now(),
    });
  }

  /** A model call succeeded: the model serves again. */
  succeeded(lane: ModelLane): void {
    this.failures.delete(lane);
  }

  snapshot(): LaneSnapshot {
    const now = this.now();
    const down: LaneSnapshot['down'] = {};
    for (const [lane, failure] of this.failures) if (stillDown(failure, now)) down[lane] = failure;
    const tps = this.figures.recent('fast', 'tokensPerSec', RECENT_TURNS);
    return {
      fast: {
        ttftMs: median(this.figures.recent('fast', 'ttftMs', RECENT_TURNS)),
        tokensPerSec: median(tps),
        turns: tps.length,
      },
      down,
      budgetLeft: this.figures.budgetLeft(),
    };
  }
}
