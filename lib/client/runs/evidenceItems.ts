// Why: the evidence log arrives as events (live and replayed, possibly twice, possibly out of
// order across the two); the UI shows steps. These pure functions keep one sorted, duplicate-free
// list per run, and fold each step's started → progress… → completed events into one item.
import type { EvidenceEvent, EvidenceKind } from '../../protocol';

/**
 * `existing` (a list this returned before: sorted, each number once) plus `incoming`, sorted by
 * sequence number, each number once.
 */
export function mergeEvidence(existing: readonly EvidenceEvent[], incoming: readonly EvidenceEvent[]): EvidenceEvent[] {
  if (incoming.length === 0) return existing as EvidenceEvent[];
  const last = existing.length ? existing[existing.length - 1].seq : 0;
  const fresh = incoming.filter((e) => e.seq > last);
  // The usual case, a live event or a replay past the end: all new and in order, so just append.
  if (fresh.length === incoming.length && fresh.every((e, i) => i === 0 || e.seq > fresh[i - 1].seq)) {
    return [...existing, ...fresh];
  }
  const bySeq = new Map<number, EvidenceEvent>();
  for (const e of existing) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest sequence number such that every number up to it is present (what to replay after). */
export function contiguousSeq(events: readonly EvidenceEvent[]): number {
  let n = 0;
  for (const e of events) {
    if (e.seq === n + 1) n = e.seq;
    else if (e.seq > n + 1) break;
  }
  return n;
}

export type EvidenceItem = {
  itemId: string;
  kind: EvidenceKind;
  /** The step's first event (its place in the log). */
  seq: number;
  /** Its latest started/completed event. */
  event: EvidenceEvent;
  /** Output streamed so far (progress events), shown until the step completes. */
  streamed: string;
  done: boolean;
};

export function foldEvidence(events: readonly EvidenceEvent[]): EvidenceItem[] {
  const items = new Map<string, EvidenceItem>();
  for (const e of events) {
    let item = items.get(e.itemId);
    if (!item) {
      item = { itemId: e.itemId, kind: e.kind, seq: e.seq, event: e, streamed: '', done: false };
      items.set(e.itemId, item);
    }
    if (e.phase === 'progress') {
      if ('output' in e) item.streamed += e.output;
    } else {
      item.event = e;
      item.done = e.phase === 'completed';
    }
  }
  return [...items.values()].sort((a, b) => a.seq - b.seq);
}

/** What an item shows as its output: the final output once completed, the stream before. */
export function itemOutput(item: EvidenceItem): string {
  const e = item.event;
  if (!('output' in e)) return '';
  return item.done ? e.output : item.streamed;
}
