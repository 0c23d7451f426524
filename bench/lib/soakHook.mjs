// Why: the soak must read the server's own memory and event loop, not the load generator's.
// Loaded into the Tandem process under test with NODE_OPTIONS="--expose-gc --import <this file>":
// every second it appends one JSON line to TANDEM_SOAK_FILE — RSS, heap used and total, external
// memory, and the longest event-loop stall since the last line (monitorEventLoopDelay's longest
// interval minus its 10 ms resolution). SIGUSR2 forces a full GC and appends a line marked `gc`:
// the heap that is really retained. The GC's own pause is not a stall of Tandem's: the stall of
// the line after it is marked `afterGc` so the reader can leave it out.
// With TANDEM_SOAK_PROFILE=<dir> it also says what ran during the stalls: the first SIGUSR2 (after
// the warm-up's GC) starts V8's sampling profiler at 1 ms, the second stops it (before its GC) and
// writes <dir>/server.cpuprofile, whose timed samples bench/lib/soakProfile.ts cuts into tasks.
// With TANDEM_SOAK_HEAP=<dir> it writes a heap snapshot (after a full GC) at each second listed in
// TANDEM_SOAK_HEAP_AT (default "120,600"), to diff what grows (bench/lib/soakHeap.ts).
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';

const RESOLUTION_MS = 10;
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
  const write = (extra) => {
    const m = process.memoryUsage();
    const line = { at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
    fs.appendFileSync(file, `${JSON.stringify({ ...line, ...extra })}\n`);
  };
  setInterval(() => {
    const stallMs = Math.max(0, loop.max / 1e6 - RESOLUTION_MS);
    loop.reset();
    write({ stallMs, afterGc: gcSince });
    gcSince = false;
  }, 1000).unref();
  const profiler = profileDir ? profiling(profileDir) : null;
  process.on('SIGUSR2', () => {
    profiler?.toggle();
    globalThis.gc?.();
    gcSince = true;
    write({ gc: true });
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
