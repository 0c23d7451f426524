// The soak's arithmetic on hand-made samples: growth, forced-GC lines, and stalls with the
// intervals of forced GCs left out.
import { describe, expect, it } from 'vitest';
import { gcSamples, growthPercent, longestStall, parseSamples, stallsFrom } from './soakFigures';

const line = (o: object) => JSON.stringify({ rss: 100, heapUsed: 50, heapTotal: 80, external: 1, ...o });

describe('soak figures', () => {
  const samples = parseSamples(
    [
      line({ at: 1, stallMs: 300 }),
      line({ at: 10, gc: true, heapUsed: 40 }),
      line({ at: 11, stallMs: 150, afterGc: true }),
      line({ at: 12, stallMs: 20 }),
      line({ at: 20, gc: true, heapUsed: 42 }),
      line({ at: 21, stallMs: 35 }),
      '',
    ].join('\n'),
  );

  it('reads the lines and picks the forced-GC ones', () => {
    expect(samples).toHaveLength(6);
    expect(gcSamples(samples).map((s) => s.heapUsed)).toEqual([40, 42]);
  });

  it('computes growth in percent', () => {
    expect(growthPercent(40, 42)).toBeCloseTo(5);
    expect(growthPercent(100, 90)).toBeCloseTo(-10);
  });

  it('finds the longest stall after warm-up, apart from forced GCs', () => {
    expect(longestStall(samples, 10)).toEqual({ ms: 35, duringForcedGc: 150 });
    expect(longestStall(samples, 0).ms).toBe(300);
    expect(stallsFrom(samples, 10)).toEqual([20, 35]);
  });
});
