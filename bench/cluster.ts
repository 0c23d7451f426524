// Why: in a cluster, people connected to different nodes edit one document together; an edit goes
// to Redis (the document's log) and reaches the other node through it. This starts redis-server
// and two Tandem nodes (`npm start` processes with REDIS_URL) on one workspace, puts half the
// people on each, has everyone type words, and times each word's arrival at every other person —
// on the other node (through Redis) and on the same node (no Redis on that path) — with the
// CPU Redis and the nodes spent per edit. The nodes stamp each word as it passes them
// (lib/clusterTrace.ts), so the cross-node figure is also split into its hops.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import type { CollabDoc } from '../lib/client/collabDoc';
import { SERVER_ORIGIN } from '../lib/client/collabDoc';
import { clusterStream } from './clusterStream';
import { TandemClient } from './lib/clients';
import { arrivalsByNode, collectStamps, splitHops, TRACE_HOOK, wallNow, type CrossDelivery } from './lib/clusterTrace';
import { pause, type BenchContext } from './lib/context';
import { settled, typeWord } from './lib/markedWords';
import { loadAverage, startFleet, type Fleet } from './lib/fleet';
import { TOKEN } from './lib/servers';
import { summarize } from './lib/stats';

const EVERY_MS = 250;
const WORD = /‹k\d+\.\d+›/g;
const fileFor = (people: number) => `src/cluster-${people}.ts`;
const SECTION = 'Cluster (2 nodes + Redis, one document)';

export async function cluster(ctx: BenchContext): Promise<void> {
  const levels = ctx.smoke ? [4] : [2, 20];
  const files: Record<string, string> = { ...ctx.files };
  for (const people of levels) files[fileFor(people)] = '// typed on two nodes\n';
  const traces = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cluster-trace-'));
  const fleet = await startFleet(ctx, 2, files, undefined, {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${TRACE_HOOK}`.trim(),
    TANDEM_TRACE_DIR: traces,
  });
  try {
    for (const people of levels) await level(ctx, fleet, people, traces);
    await clusterStream(ctx, fleet.nodes);
  } finally {
    await fleet.stop();
    fs.rmSync(traces, { recursive: true, force: true });
  }
}

type Person = { client: TandemClient; doc: CollabDoc; node: number };

async function level(ctx: BenchContext, fleet: Fleet, people: number, traces: string): Promise<void> {
  const { nodes } = fleet;
  const edits = ctx.smoke ? 4 : 12;
  const persons: Person[] = await Promise.all(
    Array.from({ length: people }, async (_, i) => {
      const node = i % nodes.length;
      const client = await TandemClient.connect(nodes[node]!.url, TOKEN, `typist-${i}`);
      return { client, doc: await client.open(fileFor(people)), node };
    }),
  );
  const sent = new Map<string, { at: number; node: number }>();
  const across: number[] = [];
  const same: number[] = [];
  const crossings: CrossDelivery[] = [];
  try {
    for (const p of persons) {
      p.doc.text.observe((event: Y.YTextEvent) => {
        if (event.transaction.origin !== SERVER_ORIGIN) return;
        const now = wallNow();
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const word of op.insert.match(WORD) ?? []) {
            const s = sent.get(word)!;
            (s.node === p.node ? same : across).push(now - s.at);
            if (s.node !== p.node) crossings.push({ word, sentAt: s.at, from: s.node, to: p.node, seenAt: now });
          }
        }
      });
    }
    const cpu0 = fleet.cpu();
    const gen0 = { cpu: process.cpuUsage(), at: performance.now() };
    await Promise.all(
      persons.map(async (p, i) => {
        await pause((EVERY_MS * i) / people);
        for (let k = 0; k < edits; k++) {
          typeWord(p.doc, `‹k${i}.${k}›`, (word) => sent.set(word, { at: wallNow(), node: p.node }));
          await pause(EVERY_MS);
        }
      }),
    );
    const expected = people * edits;
    const converged = await settled(
      persons.map((p) => p.doc),
      WORD,
      expected,
      15_000,
    );
    const cpu1 = fleet.cpu();
    const gen = process.cpuUsage(gen0.cpu);
    const genCores = (gen.user + gen.system) / 1000 / (performance.now() - gen0.at);
    const nodeCpu = cpu1.nodes - cpu0.nodes;
    const redisCpu = cpu1.redis - cpu0.redis;
    const a = summarize(across);
    const cpuNote =
      `Redis CPU ${((redisCpu * 1000) / expected).toFixed(0)} µs per edit, ` +
      `both nodes ${(nodeCpu / expected).toFixed(2)} ms per edit; ` +
      `the measuring process (${people} clients, on the same 2 cores) used ${genCores.toFixed(2)} cores`;
    ctx.row({
      section: SECTION,
      name: `${people} people (half on each node, ${1000 / EVERY_MS} words/s each): edit → seen on the other node`,
      unit: 'ms',
      tandem: a,
      target: people >= 20 ? { text: 'p99 ≤ 10 ms at 20 people', met: converged && a.p99 <= 10 } : undefined,
      note:
        `${converged ? 'converged' : 'DID NOT converge'}; ${across.length} cross-node deliveries; ${cpuNote}; ` +
        `load average ${loadAverage()}; ` +
        'includes the append to Redis (appendfsync always) before the other node reads it',
    });
    firstArrivalRow(ctx, people, crossings);
    hopRows(
      ctx,
      people,
      splitHops(
        crossings,
        await collectStamps(
          traces,
          fleet.nodes.map((n) => n.pid),
        ),
      ),
    );
    if (same.length === 0) return;
    ctx.row({
      section: SECTION,
      name: `${people} people: edit → seen on the same node (for comparison)`,
      unit: 'ms',
      tandem: summarize(same),
      note: `${same.length} same-node deliveries (sent before the edit reaches Redis)`,
    });
  } finally {
    for (const p of persons) p.client.close();
    await pause(200);
  }
}

/** The cross-node figure for the first person of the receiving node, and the measuring process's own queue. */
function firstArrivalRow(ctx: BenchContext, people: number, crossings: readonly CrossDelivery[]): void {
  if (crossings.length === 0 || people < 4) return;
  const { first, spread } = arrivalsByNode(crossings);
  const s = summarize(spread);
  ctx.row({
    section: SECTION,
    name: `${people} people: edit → the first person on the other node to see it`,
    unit: 'ms',
    tandem: summarize(first),
    note:
      `the measuring process applies each edit for the other node's ${people / 2} people one after another; ` +
      `first → last of them p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(2)} ms is that queue, the harness's own`,
  });
}

/** The cross-node figure split into its hops, from the nodes' stamps (lib/clusterTrace.ts). */
function hopRows(ctx: BenchContext, people: number, split: ReturnType<typeof splitHops>): void {
  for (const hop of split.hops) {
    if (!hop.figures) continue;
    ctx.row({
      section: SECTION,
      name: `${people} people, hop: ${hop.name}`,
      unit: 'ms',
      tandem: hop.figures,
      note: `${split.traced} cross-node deliveries traced (each hop's own p50/p99: they do not add up to the total's)`,
    });
  }
  if (!split.ack) return;
  ctx.row({
    section: SECTION,
    name: `${people} people: writer node's append sent → acknowledged by Redis (EVALSHA, appendfsync always)`,
    unit: 'ms',
    tandem: split.ack,
  });
}
