// Why: the soak must read the server's own memory and event loop, not the load generator's.
// Loaded into the Tandem process under test with NODE_OPTIONS="--expose-gc --import <this file>":
// every second it appends one JSON line to TANDEM_SOAK_FILE — RSS, heap used and total, external
// memory, and the longest event-loop stall since the last line (monitorEventLoopDelay's longest
// interval minus its 10 ms resolution). SIGUSR2 forces a full GC and appends a line marked `gc`:
// the heap that is really retained, with how much of it is V8's compiled code and bytecode (`code`:
// the JIT's, which grows while functions tier up, not Tandem's objects). The GC's own pause is not
// a stall of Tandem's: the stall of the line after it is marked `afterGc` so the reader can leave it out.
// Each periodic line also lists the V8 collections of its second that paused the thread 10 ms or more
// (`gcs`: [wall-clock start, ms, kind]), to tell a stall that was a GC pause from one that was work,
// and counts the process's major page faults in it (`faults`: pages the kernel had to read back from
// disk — this machine's kernel pages out file-backed memory unused for a minute, node's own code
// included — a stall spent waiting for the disk, not working).
// With TANDEM_SOAK_PROFILE=<dir> it also says what ran during the stalls: the first SIGUSR2 (after
// the warm-up's GC) starts V8's sampling profiler at 1 ms, the second stops it (before its GC) and
// writes <dir>/server.cpuprofile, whose timed samples bench/lib/soakProfile.ts cuts into tasks.
// With TANDEM_SOAK_HEAP=<dir> it writes a heap snapshot (after a full GC) at each second listed in
// TANDEM_SOAK_HEAP_AT (default "120,600"), to diff what grows (bench/lib/soakHeap.ts).
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

const RESOLUTION_MS = 10;
const GC_NOTED_MS = 10;
const GC_KINDS = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};
const file = process.env.TANDEM_SOAK_FILE;
// Node processes the server starts inherit NODE_OPTIONS: they must not write into its samples.
delete process.env.TANDEM_SOAK_FILE;
const profileDir = process.env.TANDEM_SOAK_PROFILE;
delete process.env.TANDEM_SOAK_PROFILE;
const heapDir = process.env.TANDEM_SOAK_HEAP;
const heapAt = (process.env.TANDEM_SOAK_HEAP_AT ?? '120,600').split(',').map(Number);
delete process.env.TANDEM_SOAK_HEAP;
delete process.env.TANDEM_SOAK_HEAP_AT;
if (heapDir) {
  for (const s of heapAt) {
    setTimeout(() => {
      globalThis.gc?.();
      v8.writeHeapSnapshot(path.join(heapDir, `server-${s}s.heapsnapshot`));
    }, s * 1000).unref();
  }
}
if (file) {
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  let gcSince = false;
  const gcs = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < GC_NOTED_MS) continue;
      const start = Math.round(performance.timeOrigin + e.startTime);
      gcs.push([start, Math.round(e.duration * 10) / 10, GC_KINDS[e.detail?.kind] ?? 'other']);
    }
  }).observe({ entryTypes: ['gc'] });
  const write = (extra) => {
    const m = process.memoryUsage();
    const line = { at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
    fs.appendFileSync(file, `${JSON.stringify({ ...line, ...extra })}\n`);
  };
  let majorFaults = process.resourceUsage().majorPageFault;
  setInterval(() => {
    const stallMs = Math.max(0, loop.max / 1e6 - RESOLUTION_MS);
    loop.reset();
    const faultsNow = process.resourceUsage().majorPageFault;
    const faults = faultsNow - majorFaults;
    majorFaults = faultsNow;
    write({ stallMs, afterGc: gcSince, faults, ...(gcs.length ? { gcs: gcs.splice(0) } : {}) });
    gcSince = false;
  }, 1000).unref();
  const profiler = profileDir ? profiling(profileDir) : null;
  process.on('SIGUSR2', () => {
    profiler?.toggle();
    globalThis.gc?.();
    gcSince = true;
    const code = v8.getHeapCodeStatistics();
    write({ gc: true, code: code.code_and_metadata_size + code.bytecode_and_metadata_size });
  });
}

/** The profiler of the measured window: toggle() starts it, the next toggle() stops it and writes the file. */
function profiling(dir) {
  const session = new inspector.Session();
  session.connect();
  let running = false;
  return {
    toggle() {
      if (running) {
        running = false;
        session.post('Profiler.stop', (err, result) => {
          if (!err) fs.writeFileSync(path.join(dir, 'server.cpuprofile'), JSON.stringify(result.profile));
        });
        return;
      }
      running = true;
      session.post('Profiler.enable', () =>
        session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
      );
    },
  };
}
