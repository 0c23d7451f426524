// Why: what the soak reports, apart from the load that produces it (bench/soak.ts): memory after
// forced full GCs (warm-up → end, and the curve's second half), the server's stalls beside the
// idle control process's, the documents, the runs left, and the load itself.
import type { BenchContext } from './context';
import {
  gcInStalls,
  gcSamples,
  growthPercent,
  memoryBaseline,
  longestStall,
  secondHalfGrowth,
  sharedStalls,
  SOAK_TARGETS,
  stallsFrom,
  type SoakSample,
} from './soakFigures';
import { ANSWER_WITHIN_MS, type SoakCounts } from './soakLoad';
import { summarize } from './stats';

export const SECTION = 'Soak: 20 typists, 10 fast sessions, runs queued and cancelled, reconnects (issue 14)';
export const DOCS = 4;
const MB = 2 ** 20;
/** An idle process's stall this long in a second says the machine took the CPU from every process then. */
const MACHINE_STALL_MS = 50;
/** A forced full GC this often while measuring: memory's curve, not only its two ends. */
export const CURVE_EVERY_S = 300;

export type Docs = { ok: boolean; detail: string; words: number };

export function report(
  ctx: BenchContext,
  r: {
    samples: SoakSample[];
    /** The idle control process's samples (its stalls are the machine's). */
    control: SoakSample[];
    /** Cores the server's process tree used after warm-up. */
    cores: number;
    /** Cores the load generator (the clients and the simulator) used after warm-up, and its nice. */
    generator: { cores: number; nice: number };
    warmAt: number;
    loadS: number;
    counts: SoakCounts;
    docs: Docs;
    runs: Record<string, number>;
    open: number;
  },
): void {
  const gcs = gcSamples(r.samples);
  const [warm, end] = [gcs[0], gcs[gcs.length - 1]];
  if (!warm || !end || gcs.length < 2) throw new Error('soak: the server wrote no memory sample after a forced GC');
  // Judged from 5 minutes after warm-up in a long run (soakFigures.ts memoryBaseline says why).
  const base = memoryBaseline(gcs, CURVE_EVERY_S * 1000);
  const from = base === warm ? 'after warm-up' : `${CURVE_EVERY_S / 60} minutes after warm-up`;
  const stall = longestStall(r.samples, r.warmAt);
  const warmStall = Math.max(0, ...r.samples.filter((s) => s.at < r.warmAt).map((s) => s.stallMs ?? 0));
  const c = r.counts;
  const runs = Object.entries(r.runs)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const judge = (ok: boolean) => (ctx.smoke ? null : ok);
  const finished = (r.runs.succeeded ?? 0) + (r.runs.failed ?? 0);
  const mem = (name: string, key: 'heapUsed' | 'rss') => {
    const g = growthPercent(base[key], end[key]);
    const sinceWarmUp = growthPercent(warm[key], end[key]);
    ctx.row({
      section: SECTION,
      name: `server ${name} after a full GC: ${from} → end`,
      unit: 'MB',
      tandem: { p50: end[key] / MB },
      target: {
        text: `growth ≤ ${SOAK_TARGETS.growthPercent}% (not judged in the 8 s smoke run)`,
        met: judge(g <= SOAK_TARGETS.growthPercent),
      },
      note:
        `${(base[key] / MB).toFixed(1)} → ${(end[key] / MB).toFixed(1)} MB, ${signed(g)}%` +
        (key === 'heapUsed' ? codeShare(base, end) : '') +
        (base === warm ? '' : `; from the end of warm-up (${(warm[key] / MB).toFixed(1)} MB) ${signed(sinceWarmUp)}%`),
    });
  };
  mem('heap used', 'heapUsed');
  mem('RSS', 'rss');
  const half = { heap: secondHalfGrowth(gcs, 'heapUsed'), rss: secondHalfGrowth(gcs, 'rss') };
  const curve = (key: 'heapUsed' | 'rss' | 'code') => gcs.map((g) => ((g[key] ?? 0) / MB).toFixed(1)).join(', ');
  if (half.heap !== null && half.rss !== null)
    ctx.row({
      section: SECTION,
      name: `server memory after a full GC every ${CURVE_EVERY_S / 60} minutes: heap growth over the second half`,
      unit: '%',
      tandem: { p50: half.heap },
      note:
        `RSS ${signed(half.rss)}% (from the sample nearest the middle to the end: ` +
        `what fills up in the first minutes stops growing here, a leak does not); heap ${curve('heapUsed')} MB; ` +
        `RSS ${curve('rss')} MB; of the heap, V8's compiled code and bytecode ${curve('code')} MB`,
    });
  const perSecond = summarize(stallsFrom(r.samples, r.warmAt));
  const floor = summarize(stallsFrom(r.control, r.warmAt));
  const over = sharedStalls(r.samples, r.control, r.warmAt, SOAK_TARGETS.stallMs, MACHINE_STALL_MS);
  const gcPauses = gcInStalls(r.samples, r.warmAt, SOAK_TARGETS.stallMs)
    .map(
      (g) =>
        `${g.at} s: ${g.gc ? `${g.gc.ms.toFixed(0)} ms, ${g.gc.kind}` : 'none of 10 ms or more'}, ` +
        `${g.faults} major page faults`,
    )
    .join('; ');
  const halfway = gcInStalls(r.samples, r.warmAt, SOAK_TARGETS.stallMs / 2);
  const mostlyGc = halfway.filter((g) => g.gc && g.gc.ms >= g.stallMs / 2).length;
  const faulted = halfway.filter((g) => g.faults > 0).length;
  ctx.row({
    section: SECTION,
    name: 'event-loop stall in the server after warm-up (p50 / p99 of the longest in each second)',
    unit: 'ms',
    tandem: { p50: perSecond.p50, p99: perSecond.p99 },
    target: {
      text: `none over ${SOAK_TARGETS.stallMs} ms (not judged in the smoke run)`,
      met: judge(stall.ms <= SOAK_TARGETS.stallMs),
    },
    note:
      `longest ${stall.ms.toFixed(0)} ms; ${perSecond.n} seconds, ${over.over} of them over ` +
      `${SOAK_TARGETS.stallMs} ms; the server used ${r.cores.toFixed(2)} cores, the load generator (clients and ` +
      `simulator, at nice ${r.generator.nice}) ${r.generator.cores.toFixed(2)}; an idle Node process beside it ` +
      `(the machine's floor) stalled p50 ${floor.p50.toFixed(0)} / p99 ${floor.p99.toFixed(0)} / ` +
      `longest ${floor.max.toFixed(0)} ms, and ${MACHINE_STALL_MS} ms or more in ${over.shared} of the server's ` +
      `${over.over} seconds over ${SOAK_TARGETS.stallMs} ms (those the machine shared; they came ` +
      `${over.at.length ? over.at.join(', ') : '—'} s after warm-up); the longest GC pause in each of them ` +
      `(a stall as long as its GC pause was the GC) and the server's major page faults in its reach (pages ` +
      `read back from disk: a stall spent waiting for it): ${gcPauses || '—'}; ${faultNote(r.samples, r.warmAt)}; ` +
      `of the ${halfway.length} seconds over ` +
      `${SOAK_TARGETS.stallMs / 2} ms, ${mostlyGc} were at least half a GC pause and ${faulted} had major ` +
      `page faults; during warm-up the ` +
      `server's longest was ${warmStall.toFixed(0)} ms; the forced GCs' own pauses, left out: ` +
      `${stall.duringForcedGc.toFixed(0)} ms`,
  });
  ctx.row({
    section: SECTION,
    name: `documents converged and saved (${DOCS} shared, ${r.docs.words} words left in them)`,
    unit: 'documents',
    tandem: { p50: r.docs.ok ? DOCS : 0 },
    target: { text: 'every client, the server and the file on disk equal', met: r.docs.ok },
    note: r.docs.detail,
  });
  ctx.row({
    section: SECTION,
    name: 'runs left queued or running after the load',
    unit: 'runs',
    tandem: { p50: r.open },
    target: { text: '0', met: r.open === 0 },
    note: `${c.runsQueued} queued, ${c.cancelRequests} cancel requests; by status on the server, run by run: ${runs}`,
  });
  ctx.row({
    section: SECTION,
    name: `load over ${r.loadS.toFixed(0)} s`,
    unit: 'count',
    tandem: { p50: c.edits },
    note:
      `${c.edits} edits, ${c.turns} fast turns, ${c.redirects} redirects (${c.stuckTurns} turns not done in 30 s), ` +
      `${c.runsQueued} runs queued / ${r.runs.cancelled ?? 0} cancelled / ${finished} finished, ` +
      `${c.reconnects} reconnects, ${c.timeouts} requests not answered in ${ANSWER_WITHIN_MS / 1000} s; ` +
      'memory and stalls sampled in the server process (soakHook.mjs), not the load generator',
  });
}

const signed = (n: number, digits = 1) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;

/** How much of the heap's growth was V8's compiled code and bytecode (the JIT tiering up), when the samples say. */
function codeShare(warm: SoakSample, end: SoakSample): string {
  if (warm.code === undefined || end.code === undefined) return '';
  const code = end.code - warm.code;
  const rest = growthPercent(warm.heapUsed - warm.code, end.heapUsed - end.code);
  return (
    `; of which V8's compiled code and bytecode ${signed(code / MB, 2)} MB (${(warm.code / MB).toFixed(1)} → ` +
    `${(end.code / MB).toFixed(1)}), the rest of the heap ${signed(rest)}%`
  );
}

/** How often the server waited for the disk to read its own pages back (major page faults), after warm-up. */
function faultNote(samples: SoakSample[], from: number): string {
  const lines = samples.filter((s) => s.faults !== undefined && s.at >= from);
  const total = lines.reduce((n, s) => n + s.faults!, 0);
  const seconds = lines.filter((s) => s.faults! > 0).length;
  return `major page faults in ${seconds} of ${lines.length} seconds, ${total} in all`;
}
