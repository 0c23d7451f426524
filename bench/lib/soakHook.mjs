// Why: the soak must read the server's own memory and event loop, not the load generator's.
// Loaded into the Tandem process under test with NODE_OPTIONS="--expose-gc --import <this file>":
// every second it appends one JSON line to TANDEM_SOAK_FILE — RSS, heap used and total, external
// memory, and the longest event-loop stall since the last line (monitorEventLoopDelay's longest
// interval minus its 10 ms resolution). SIGUSR2 forces a full GC and appends a line marked `gc`:
// the heap that is really retained. The GC's own pause is not a stall of Tandem's: the stall of
// the line after it is marked `afterGc` so the reader can leave it out.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
const file = process.env.TANDEM_SOAK_FILE;
// Node processes the server starts inherit NODE_OPTIONS: they must not write into its samples.
delete process.env.TANDEM_SOAK_FILE;
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
  process.on('SIGUSR2', () => {
    globalThis.gc?.();
    gcSince = true;
    write({ gc: true });
  });
}
