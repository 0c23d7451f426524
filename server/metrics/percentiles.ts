// Nearest-rank percentiles over a window of recent values: small, exact, no dependencies.
import type { Percentiles } from '../../lib/protocol/metrics';

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(values: readonly number[], recent = 50): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: values.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    recent: values.slice(-recent),
  };
}

/** A fixed-size window of the latest values. */
export class Window {
  private readonly values: number[] = [];

  constructor(private readonly size = 500) {}

  push(v: number): void {
    this.values.push(v);
    if (this.values.length > this.size) this.values.shift();
  }

  all(): readonly number[] {
    return this.values;
  }
}
