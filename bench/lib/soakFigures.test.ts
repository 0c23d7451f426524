// The soak's arithmetic on hand-made samples: growth, forced-GC lines, and stalls with the
// intervals of forced GCs left out, the stalls the idle control process shared, and the GC pauses in them.
import { describe, expect, it } from 'vitest';
import {
  gcInStalls,
  gcSamples,
  growthPercent,
  longestStall,
  memoryBaseline,
  parseSamples,
  secondHalfGrowth,
  sharedStalls,
  stallsFrom,
  type SoakSample,
} from './soakFigures';

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

  it('counts the server seconds over the limit that the idle process stalled in too', () => {
    const server = parseSamples(
      [
        line({ at: 1000, stallMs: 400 }),
        line({ at: 5000, stallMs: 120 }),
        line({ at: 6000, stallMs: 130, afterGc: true }),
        line({ at: 9000, stallMs: 150 }),
        line({ at: 12000, stallMs: 101 }),
        line({ at: 13000, stallMs: 99 }),
      ].join('\n'),
    );
    const control = parseSamples(
      [
        line({ at: 5400, stallMs: 80 }),
        line({ at: 6100, stallMs: 90 }),
        line({ at: 9990, stallMs: 70 }),
        line({ at: 12500, stallMs: 20 }),
        line({ at: 13100, stallMs: 200 }),
      ].join('\n'),
    );
    // After warm-up (2000): 5000 (shared: 5400), 9000 (shared: 9990), 12000 (the control only 20 ms).
    expect(sharedStalls(server, control, 2000, 100, 50)).toEqual({ over: 3, shared: 2, at: [3, 7, 10] });
    expect(sharedStalls(server, control, 0, 100, 50)).toMatchObject({ over: 4, shared: 2 });
    expect(sharedStalls(server, [], 0, 100, 50)).toMatchObject({ over: 4, shared: 0 });
  });

  it('finds the longest GC pause and the major page faults in reach of each stall over the limit', () => {
    const server = parseSamples(
      [
        line({
          at: 5000,
          stallMs: 120,
          faults: 0,
          gcs: [
            [4100, 30, 'minor'],
            [4500, 110, 'major'],
          ],
        }),
        line({ at: 6000, stallMs: 20, faults: 40 }),
        // Reported in the second it ended: its GC began in the second before (5950 > 7000 - 1000 - 140),
        // and the faults of that second count too.
        line({ at: 7000, stallMs: 140, faults: 2, gcs: [[5950, 135, 'major']] }),
        line({ at: 8000, stallMs: 130, afterGc: true, faults: 5, gcs: [[7500, 125, 'major']] }),
        line({ at: 9000, stallMs: 150, faults: 25 }),
        line({ at: 12000, stallMs: 101, gcs: [[9500, 90, 'major']] }),
      ].join('\n'),
    );
    expect(gcInStalls(server, 2000, 100)).toEqual([
      { at: 3, stallMs: 120, gc: { ms: 110, kind: 'major' }, faults: 0 },
      { at: 5, stallMs: 140, gc: { ms: 135, kind: 'major' }, faults: 42 },
      { at: 7, stallMs: 150, gc: null, faults: 30 },
      { at: 10, stallMs: 101, gc: null, faults: 0 },
    ]);
  });

  it('judges memory from the first curve sample in a long run, from warm-up in a short one', () => {
    const gc = (at: number): SoakSample => ({ at, heapUsed: at, rss: 0, heapTotal: 0, external: 0, gc: true });
    const minute = 60_000;
    // 30 minutes, a sample every 5: the one 5 minutes in (4.9 is a GC's length early, still it).
    const long = [0, 4.9, 10, 15, 20, 25, 29.5].map((m) => gc(m * minute));
    expect(memoryBaseline(long, 5 * minute)).toBe(long[1]);
    // 14 minutes: 5 minutes in would leave less than two thirds of it measured.
    const short = [0, 5, 10, 14].map((m) => gc(m * minute));
    expect(memoryBaseline(short, 5 * minute)).toBe(short[0]);
    // A profiled run has no curve: warm-up and end only, judged from warm-up however long.
    const profiled = [gc(0.5 * minute), gc(30 * minute)];
    expect(memoryBaseline(profiled, 5 * minute)).toBe(profiled[0]);
    // The default 3-minute run: warm-up and end only.
    const brief = [gc(0.5 * minute), gc(3 * minute)];
    expect(memoryBaseline(brief, 5 * minute)).toBe(brief[0]);
  });

  it('measures the second half’s growth from the curve sample nearest the middle', () => {
    const gc = (at: number, heapUsed: number, rss: number): SoakSample => ({
      at,
      heapUsed,
      rss,
      heapTotal: 0,
      external: 0,
      gc: true,
    });
    // Fills up early, then flat: grew 20% from warm-up to end, 0% over the second half.
    const filling = [gc(0, 40, 200), gc(300, 46, 230), gc(600, 48, 240), gc(900, 48, 240), gc(1200, 48, 240)];
    expect(growthPercent(filling[0]!.heapUsed, filling.at(-1)!.heapUsed)).toBeCloseTo(20);
    expect(secondHalfGrowth(filling, 'heapUsed')).toBeCloseTo(0);
    // A leak keeps growing in the second half.
    const leaking = [gc(0, 40, 200), gc(300, 44, 210), gc(600, 48, 220), gc(900, 52, 230), gc(1200, 56, 240)];
    expect(secondHalfGrowth(leaking, 'heapUsed')).toBeCloseTo(((56 - 48) / 48) * 100);
    expect(secondHalfGrowth(leaking, 'rss')).toBeCloseTo(((240 - 220) / 220) * 100);
    expect(secondHalfGrowth(filling.slice(0, 2), 'rss')).toBeNull();
  });
});
