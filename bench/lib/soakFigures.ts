// Why: what the soak concludes from the server's own samples (bench/lib/soakHook.mjs) is pure
// arithmetic — memory growth after warm-up, the longest stall, which of the server's stalls the
// machine shared (an idle process beside it stalled in the same second) — kept here so it is
// tested apart from the minutes of load that produce the samples.

export type SoakSample = {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Periodic lines: the longest event-loop stall since the previous line (ms). */
  stallMs?: number;
  /** A periodic line whose interval held a forced GC (its stall is the GC's pause). */
  afterGc?: boolean;
  /** A line written right after a forced full GC. */
  gc?: boolean;
  /** Forced-GC lines: bytes of the heap that are V8's compiled code and bytecode, with their metadata. */
  code?: number;
  /** Periodic lines: the collections since the previous line that paused 10 ms or more: [start, ms, kind]. */
  gcs?: [number, number, string][];
  /** Periodic lines: the server's major page faults since the previous line (pages read back from disk). */
  faults?: number;
};

export function parseSamples(text: string): SoakSample[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SoakSample);
}

/** Percent change from `before` to `after`. */
export const growthPercent = (before: number, after: number) => ((after - before) / before) * 100;

/** The forced-GC lines in order: after warm-up, every few minutes (the curve), at the end. */
export const gcSamples = (samples: SoakSample[]) => samples.filter((s) => s.gc);

/**
 * The forced-GC sample memory growth is judged from: the one at the end of warm-up, or — in a run
 * long enough to leave two thirds of its measured window after it — the first one `settleMs` or more
 * later (the curve's samples are `settleMs` apart, give or take a GC's length). Warm-up (30 s) is
 * enough for the load to run; memory settles for minutes longer: V8 keeps compiling and optimizing
 * the hot code (its code and bytecode +1.0 MB in a 30-minute run's first 5 minutes, +0.6 MB in the
 * next 25), and heap snapshots at 5 and 11.7 minutes showed no object of Tandem's growing between.
 */
export function memoryBaseline(gcs: SoakSample[], settleMs: number): SoakSample {
  const first = gcs[0]!;
  const last = gcs[gcs.length - 1]!;
  if (last.at - first.at < 3 * settleMs) return first;
  // Never the end sample itself (a profiled run has no curve: warm-up and end only).
  return gcs.slice(1, -1).find((g) => g.at - first.at >= settleMs * 0.9) ?? first;
}

/**
 * Growth over the second half of the measured window: from the forced-GC sample nearest its middle
 * to the last. Memory that fills up in the first minutes (the JIT's code, allocator arenas, V8's
 * heap sizing) grows from warm-up to end and stops; a leak keeps growing here too. Null with fewer
 * than three samples (no middle).
 */
export function secondHalfGrowth(gcs: SoakSample[], key: 'heapUsed' | 'rss'): number | null {
  if (gcs.length < 3) return null;
  const first = gcs[0]!;
  const last = gcs[gcs.length - 1]!;
  const middle = (first.at + last.at) / 2;
  const mid = gcs.slice(1, -1).reduce((a, b) => (Math.abs(b.at - middle) < Math.abs(a.at - middle) ? b : a));
  return growthPercent(mid[key], last[key]);
}

/** The longest stall from `from` on, leaving out intervals that held a forced GC; and the one that did. */
export function longestStall(samples: SoakSample[], from: number): { ms: number; duringForcedGc: number } {
  let ms = 0;
  let duringForcedGc = 0;
  for (const s of samples) {
    if (s.stallMs === undefined || s.at < from) continue;
    if (s.afterGc) duringForcedGc = Math.max(duringForcedGc, s.stallMs);
    else ms = Math.max(ms, s.stallMs);
  }
  return { ms, duringForcedGc };
}

/** The per-second longest stalls from `from` on (forced GCs' intervals left out), for percentiles. */
export const stallsFrom = (samples: SoakSample[], from: number) =>
  samples.filter((s) => s.stallMs !== undefined && s.at >= from && !s.afterGc).map((s) => s.stallMs!);

/**
 * The server's seconds with a stall over `overMs` from `from` on (forced GCs' intervals left out),
 * and how many of them overlap a second in which the idle control process stalled `machineMs` or
 * more: those the machine shared (CPU taken from every process), not Tandem's own work.
 */
export function sharedStalls(
  server: SoakSample[],
  control: SoakSample[],
  from: number,
  overMs: number,
  machineMs: number,
): { over: number; shared: number; at: number[] } {
  const machine = control.filter((c) => c.stallMs !== undefined && c.stallMs >= machineMs).map((c) => c.at);
  const over = server.filter((s) => s.stallMs !== undefined && s.at >= from && !s.afterGc && s.stallMs > overMs);
  // Each line covers the second before its `at`: two seconds overlap when their ends are under a second apart.
  const shared = over.filter((s) => machine.some((at) => Math.abs(at - s.at) < 1000)).length;
  // When each came, in whole seconds after `from`: to lay beside what else the machine did then.
  return { over: over.length, shared, at: over.map((s) => Math.round((s.at - from) / 1000)) };
}

export const SOAK_TARGETS = { growthPercent: 10, stallMs: 100 } as const;

/**
 * For each of the server's seconds with a stall over `overMs` from `from` on (forced GCs' intervals
 * left out): the longest GC pause that began in the stall's reach (the second, and the stall's own
 * length before it: a stall is reported in the second it ends), or null when no collection paused
 * 10 ms or more then. A stall as long as its GC pause was the GC; one much longer was work.
 */
export function gcInStalls(
  server: SoakSample[],
  from: number,
  overMs: number,
): { at: number; stallMs: number; gc: { ms: number; kind: string } | null; faults: number }[] {
  const pauses = server.flatMap((s) => s.gcs ?? []);
  return server
    .filter((s) => s.stallMs !== undefined && s.at >= from && !s.afterGc && s.stallMs > overMs)
    .map((s) => {
      const start = s.at - 1000 - s.stallMs!;
      const reach = pauses.filter(([begun]) => begun > start && begun <= s.at);
      const longest = reach.reduce<[number, number, string] | null>((a, b) => (a && a[1] >= b[1] ? a : b), null);
      // The lines whose seconds the stall overlaps: its own, and those before it that it reached into.
      const faults = server
        .filter((l) => l.faults !== undefined && l.at > start && l.at <= s.at)
        .reduce((n, l) => n + l.faults!, 0);
      return {
        at: Math.round((s.at - from) / 1000),
        stallMs: s.stallMs!,
        gc: longest ? { ms: longest[1], kind: longest[2] } : null,
        faults,
      };
    });
}
