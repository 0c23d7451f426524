// Why: every figure in the suite is reported the same way — p50 and p99 over the samples of a run,
// and Tandem over the peer as a ratio — so the arithmetic lives in one pure, tested place.

export type Summary = { n: number; p50: number; p99: number; mean: number; max: number };

/** The p-th percentile (0–100) of ascending `sorted`, interpolating between the closest ranks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  if (p <= 0) return sorted[0]!;
  if (p >= 100) return sorted[sorted.length - 1]!;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no samples to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sum / sorted.length,
    max: sorted[sorted.length - 1]!,
  };
}

/** Tandem's figure over the peer's; null when there is no peer figure or it is too small to divide by. */
export function ratio(tandem: number, peer: number | null | undefined, floor = 1e-6): number | null {
  if (peer === null || peer === undefined || !Number.isFinite(peer) || Math.abs(peer) < floor) return null;
  return tandem / peer;
}

/** Whether a series grew: the p50 of its last quarter exceeds that of its first by more than `slack`. */
export function grows(series: readonly number[], slack: number): boolean {
  if (series.length < 8) return false;
  const q = Math.floor(series.length / 4);
  const first = summarize(series.slice(0, q)).p50;
  const last = summarize(series.slice(series.length - q)).p50;
  return last - first > slack;
}
