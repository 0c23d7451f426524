// Why: collaboration must stay live under load. 20 / 50 people type into one document at once
// (each a Node client holding the browser's own CollabDoc), inserting marked words at word
// boundaries; every receiver timestamps each word it sees arrive, and at the end every copy, and
// a fresh reader of the server's, must hold the same text with every word exactly once.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { SERVER_ORIGIN } from '../lib/client/collabDoc';
import { TandemClient } from './lib/clients';
import { pause, type BenchContext } from './lib/context';
import { settled, typeWord } from './lib/markedWords';
import { treeCpuMs } from './lib/proc';
import { startTandem, TOKEN } from './lib/servers';
import { summarize } from './lib/stats';

const EVERY_MS = 250;
const WORD = /‹c\d+\.\d+›/g;

export async function collab(ctx: BenchContext): Promise<void> {
  const levels = ctx.smoke ? [5] : [20, 50];
  const files = Object.fromEntries(levels.map((n) => [fileFor(n), '// typed together\n']));
  const server = await startTandem({ snapshot: ctx.snapshot, simBaseUrl: ctx.sim.server.baseUrl, files, ui: false });
  try {
    for (const people of levels) await level(ctx, server.url, server.pid, people);
  } finally {
    await server.stop();
  }
}

const fileFor = (people: number) => `src/collab-${people}.ts`;

async function level(ctx: BenchContext, url: string, pid: number, people: number): Promise<void> {
  const edits = ctx.smoke ? 4 : 12;
  const clients = await Promise.all(
    Array.from({ length: people }, (_, i) => TandemClient.connect(url, TOKEN, `typist-${i}`)),
  );
  const sentAt = new Map<string, number>();
  const lags: number[] = [];
  try {
    const docs = await Promise.all(clients.map((c) => c.open(fileFor(people))));
    for (const doc of docs) {
      doc.text.observe((event: Y.YTextEvent) => {
        if (event.transaction.origin !== SERVER_ORIGIN) return;
        const now = performance.now();
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const word of op.insert.match(WORD) ?? []) lags.push(now - sentAt.get(word)!);
        }
      });
    }
    const cpu0 = treeCpuMs(pid);
    const self0 = process.cpuUsage();
    const wall0 = performance.now();
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const typing = docs.map(async (doc, i) => {
      await pause((EVERY_MS * i) / people);
      for (let k = 0; k < edits; k++) {
        typeWord(doc, `‹c${i}.${k}›`, (word) => sentAt.set(word, performance.now()));
        await pause(EVERY_MS);
      }
    });
    await Promise.all(typing);
    const lastEdit = performance.now();
    const expected = people * edits;
    const converged = await settled(docs, WORD, expected, 10_000);
    const convergeMs = performance.now() - lastEdit;
    const cpu = treeCpuMs(pid) - cpu0;
    const self = process.cpuUsage(self0);
    loop.disable();
    const cores = (self.user + self.system) / 1000 / (performance.now() - wall0);
    const fresh = await TandemClient.connect(url, TOKEN, 'reader');
    const serverText = (await fresh.open(fileFor(people))).text.toString();
    fresh.close();
    const ok = converged && serverText === docs[0]!.text.toString();
    const propagation = summarize(lags);
    ctx.row({
      section: 'Collaboration (Tandem alone, one document)',
      name: `${people} people typing (${1000 / EVERY_MS} words/s each): edit → seen by each other person`,
      unit: 'ms',
      tandem: propagation,
      target: { text: 'all copies and the server converge, each word once', met: ok },
      note:
        `${ok ? 'converged' : 'DID NOT converge'} ${Math.round(convergeMs)} ms after the last edit; ` +
        `${lags.length} of ${expected * (people - 1)} deliveries seen; ` +
        `server CPU ${(cpu / expected).toFixed(1)} ms per edit; ` +
        `the measuring process (all the clients) used ${cores.toFixed(2)} cores, ` +
        `its event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
    });
  } finally {
    for (const c of clients) c.close();
    await pause(200);
  }
}
