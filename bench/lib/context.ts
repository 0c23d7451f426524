// Why: what every benchmark gets from the runner — the shared simulator and servers, the browser
// when the run has one, the run's size, and where to put its rows — so benchmark files hold only
// the measuring.
import type { Browser } from '@playwright/test';
import type { BenchSim } from './sim';
import type { Server } from './servers';
import type { Row } from './table';

export type BenchContext = {
  smoke: boolean;
  /** `--minutes N`: how long the soak runs (null: its default). */
  minutes?: number | null;
  sim: BenchSim;
  /** Tandem with its UI in a full run, headless in the smoke run. */
  tandem: Server;
  /** The private copy of Tandem the run started from (servers.ts snapshotTandem). */
  snapshot: string;
  /** Null in the smoke run (the peer is not built). */
  peer: Server | null;
  /** The files of Tandem's workspace (workload.ts), which the peer is asked about too. */
  files: Record<string, string>;
  browser: Browser | null;
  row(row: Row): void;
  log(message: string): void;
};

export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Tandem first, then the peer (if any), `runs` times: both measured under the same conditions. */
export async function alternate(
  ctx: BenchContext,
  runs: number,
  each: (who: 'tandem' | 'peer', run: number) => Promise<void>,
): Promise<void> {
  for (let run = 0; run < runs; run++) {
    await each('tandem', run);
    if (ctx.peer) await each('peer', run);
  }
}
