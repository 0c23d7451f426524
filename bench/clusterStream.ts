// Why: the cluster must not slow the one stream a person watches. One fast-lane turn at 1,000
// tok/s, token by token (lib/tokenLag): asked on the embedded server, and asked on cluster node A
// while a watcher on node B follows it — the asker's delivery (same node) and the watcher's
// (through Redis) against the embedded figure, alternating the arms so both see the same machine.
import type { FastDelta } from '../lib/protocol';
import { TandemClient } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { loadAverage } from './lib/fleet';
import type { Server } from './lib/servers';
import { TOKEN } from './lib/servers';
import { summarize } from './lib/stats';
import { tokenLags, type Receipt } from './lib/tokenLag';
import { FILES, INSTRUCTION, linesForTokens } from './lib/workload';

const RATE = 1000;
const SECTION = 'Cluster: one stream (fast lane, 1,000 tok/s)';

/** What a watcher holds of the latest turn someone else streams, from the deltas it is sent. */
function follow(client: TandemClient): () => { text: string; receipts: Receipt[] } {
  let latest = { id: '', text: '', receipts: [] as Receipt[] };
  client.socket.on('fast/delta', (d: FastDelta) => {
    if (d.requestId !== latest.id) latest = { id: d.requestId, text: '', receipts: [] };
    latest.text = latest.text.slice(0, d.from) + d.text;
    latest.receipts.push({ at: performance.now(), length: latest.text.length });
  });
  return () => latest;
}

export async function clusterStream(ctx: BenchContext, nodes: Server[]): Promise<void> {
  const embedded = await TandemClient.connect(ctx.tandem.url, TOKEN, 'bench-embedded');
  const asker = await TandemClient.connect(nodes[0]!.url, TOKEN, 'bench-asker');
  const watcher = await TandemClient.connect(nodes[1]!.url, TOKEN, 'bench-watcher');
  const watched = follow(watcher);
  const lags = { embedded: [] as number[], asker: [] as number[], watcher: [] as number[] };
  const tokens = ctx.smoke ? 400 : 1500;
  const range = { startLine: 1, endLine: linesForTokens(tokens) };
  try {
    await embedded.open(FILES.large);
    await asker.open(FILES.large);
    await watcher.open(FILES.large);
    ctx.sim.setRate(RATE);
    for (let run = 0; run < (ctx.smoke ? 1 : 3); run++) {
      for (const arm of ['embedded', 'cluster'] as const) {
        const arrived = ctx.sim.nextChat();
        const turn = await (arm === 'embedded' ? embedded : asker).start(FILES.large, range, INSTRUCTION);
        const record = await arrived;
        await turn.finished;
        await ctx.sim.closed(record, 60_000);
        await pause(100); // the watcher's last deltas cross Redis
        if (arm === 'embedded') lags.embedded.push(...tokenLags(turn.text(), record.chunks, turn.receipts));
        else {
          lags.asker.push(...tokenLags(turn.text(), record.chunks, turn.receipts));
          const seen = watched();
          lags.watcher.push(...tokenLags(seen.text, record.chunks, seen.receipts));
        }
        await turn.reject();
        await pause(50);
      }
    }
  } finally {
    for (const c of [embedded, asker, watcher]) c.close();
  }
  const base = summarize(lags.embedded);
  const onA = summarize(lags.asker);
  ctx.row({
    section: SECTION,
    name: 'per-token delivery, one embedded process (for comparison)',
    unit: 'ms',
    tandem: base,
    target: { text: 'p50 ≤ 0.3 ms', met: base.p50 <= 0.3 },
    note: `load average ${loadAverage()}`,
  });
  ctx.row({
    section: SECTION,
    name: 'per-token delivery to the asker, on cluster node A',
    unit: 'ms',
    tandem: onA,
    target: { text: 'cluster adds ≤ 1 ms at p50', met: onA.p50 - base.p50 <= 1 },
    note: `${(onA.p50 - base.p50).toFixed(2)} ms over the embedded p50`,
  });
  ctx.row({
    section: SECTION,
    name: 'per-token delivery to a watcher on node B (through Redis)',
    unit: 'ms',
    tandem: summarize(lags.watcher),
  });
}
