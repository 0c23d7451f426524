// Why: every figure in the suite goes through these percentiles, and the delivery ladder through
// `grows`; their arithmetic is pinned here.
import { describe, expect, it } from 'vitest';
import { grows, percentile, ratio, summarize } from './stats';

describe('percentile', () => {
  it('interpolates between ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([0, 10], 99)).toBeCloseTo(9.9);
  });
  it('clamps at the ends and handles one sample', () => {
    expect(percentile([5], 50)).toBe(5);
    expect(percentile([1, 2], 0)).toBe(1);
    expect(percentile([1, 2], 100)).toBe(2);
  });
  it('refuses no samples', () => {
    expect(() => percentile([], 50)).toThrow();
  });
});

describe('summarize', () => {
  it('sorts and reports p50, p99, mean and max', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    const s = summarize(values);
    expect(s).toMatchObject({ n: 101, p50: 50, p99: 99, mean: 50, max: 100 });
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('ratio', () => {
  it('divides Tandem by the peer', () => {
    expect(ratio(1, 4)).toBe(0.25);
  });
  it('is null without a usable peer figure', () => {
    expect(ratio(1, null)).toBeNull();
    expect(ratio(1, undefined)).toBeNull();
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, Number.NaN)).toBeNull();
  });
});

describe('grows', () => {
  it('sees a lag that climbs through a run', () => {
    expect(
      grows(
        Array.from({ length: 40 }, (_, i) => i),
        5,
      ),
    ).toBe(true);
  });
  it('ignores a flat, noisy lag', () => {
    expect(
      grows(
        Array.from({ length: 40 }, (_, i) => 1 + (i % 3)),
        5,
      ),
    ).toBe(false);
  });
  it('does not judge a handful of samples', () => {
    expect(grows([1, 100, 1000], 1)).toBe(false);
  });
});
