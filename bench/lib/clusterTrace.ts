// Why: "edit → seen on the other node" is one figure made of several hops (the writer's node
// reading it, appending it to Redis, Redis answering the other node's blocking read, that node
// sending it, the person's client reading it). The nodes stamp each typed word as it passes them
// (clusterTraceHook.mjs, on the machine's wall clock); this collects the stamps and splits each
// cross-node delivery into those hops. The arithmetic is pure and tested (clusterTrace.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { summarize, type Summary } from './stats';

export const TRACE_HOOK = path.join(import.meta.dirname, 'clusterTraceHook.mjs');

/** stage → word → wall-clock ms (performance.timeOrigin + performance.now()) when a node first saw it there. */
export type NodeStamps = Record<'recv' | 'append' | 'ack' | 'woke' | 'emit', Record<string, number>>;

/** A typed word seen by a person on another node than the writer's. */
export type CrossDelivery = { word: string; sentAt: number; from: number; to: number; seenAt: number };

export const HOPS = [
  ['client → writer node read it', 'sent', 'recv'],
  ['writer node: read → append sent to Redis', 'recv', 'append'],
  ['append sent → other node’s XREAD answered (Redis, fsync)', 'append', 'woke'],
  ['other node: XREAD answered → first websocket write', 'woke', 'emit'],
  ['first websocket write → person’s client applied it', 'emit', 'seen'],
] as const;

type Point = (typeof HOPS)[number][1 | 2];

/** Each hop's figures over the deliveries every stamp was found for, and the writer's append → ack. */
export function splitHops(deliveries: readonly CrossDelivery[], nodes: readonly NodeStamps[]) {
  const hops = HOPS.map(() => [] as number[]);
  const acks: number[] = [];
  for (const d of deliveries) {
    const a = nodes[d.from]!;
    const b = nodes[d.to]!;
    const at: Record<Point, number | undefined> = {
      sent: d.sentAt,
      recv: a.recv[d.word],
      append: a.append[d.word],
      woke: b.woke[d.word],
      emit: b.emit[d.word],
      seen: d.seenAt,
    };
    if (Object.values(at).some((t) => t === undefined)) continue;
    HOPS.forEach(([, from, to], i) => hops[i]!.push(at[to]! - at[from]!));
  }
  for (const a of nodes)
    for (const [word, t] of Object.entries(a.ack)) if (word in a.append) acks.push(t - a.append[word]!);
  return {
    traced: hops[0]!.length,
    hops: HOPS.map(([name], i) => ({ name, figures: hops[i]!.length ? summarize(hops[i]!) : null })),
    ack: acks.length ? summarize(acks) : null,
  } satisfies { traced: number; hops: { name: string; figures: Summary | null }[]; ack: Summary | null };
}

/**
 * Per word and receiving node: when its first person saw it (ms after it was typed), and how much
 * later its last did. The measuring process holds every person, so it applies one edit for the
 * node's people one after another: the spread is the harness's own queue, not the cluster's.
 */
export function arrivalsByNode(deliveries: readonly CrossDelivery[]): { first: number[]; spread: number[] } {
  const seen = new Map<string, { sentAt: number; first: number; last: number }>();
  for (const d of deliveries) {
    const key = `${d.word} ${d.to}`;
    const s = seen.get(key);
    if (!s) seen.set(key, { sentAt: d.sentAt, first: d.seenAt, last: d.seenAt });
    else {
      s.first = Math.min(s.first, d.seenAt);
      s.last = Math.max(s.last, d.seenAt);
    }
  }
  const all = [...seen.values()];
  return { first: all.map((s) => s.first - s.sentAt), spread: all.map((s) => s.last - s.first) };
}

/** Asks each node (SIGUSR2) for its stamps since the last ask, and reads them. */
export async function collectStamps(dir: string, pids: readonly number[]): Promise<NodeStamps[]> {
  for (const pid of pids) fs.rmSync(path.join(dir, `${pid}.json`), { force: true });
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  const files = pids.map((pid) => path.join(dir, `${pid}.json`));
  for (let i = 0; i < 100 && !files.every((f) => fs.existsSync(f)); i++) await new Promise((r) => setTimeout(r, 100));
  return files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as NodeStamps);
}

/** The wall clock every process of the machine shares, to the microsecond. */
export const wallNow = () => performance.timeOrigin + performance.now();
