// Why: in cluster mode every change to a workspace's runs is one entry of an ordered Redis log
// (a stream), which every node and worker reads into its own copy. This is the entry's shape —
// what it says and how it is written as stream fields — kept pure, apart from the I/O.
import type { EvidenceDraft, EvidenceEvent, HunkDecision, RunDiffFile } from '../../lib/protocol';
import type { RunFigures } from './runFigures';
import type { RunRecord } from './runStore';

export type FeedChange =
  | { kind: 'run'; run: RunRecord }
  | { kind: 'evidence'; runId: string; draft: EvidenceDraft; at: number }
  | { kind: 'diff'; runId: string; files: RunDiffFile[] }
  | { kind: 'decisions'; runId: string; decisions: Omit<HunkDecision, 'at'>[]; at: number }
  | { kind: 'delete'; runId: string }
  /** A run's figures, written once by the process that ran it (`by`: its node id) when it ended. */
  | { kind: 'figures'; runId: string; by: string; figures: RunFigures };

/** An entry as read back: evidence carries the sequence number the log gave it. */
export type FeedEntry = { id: string; change: FeedChange; seq: number };

export function changeRunId(change: FeedChange): string {
  return change.kind === 'run' ? change.run.id : change.runId;
}

/** The arguments of the write script: kind, run id, and the change as JSON. */
export function encodeChange(change: FeedChange): [kind: string, runId: string, data: string] {
  return [change.kind, changeRunId(change), JSON.stringify(change)];
}

/** Stream fields as the write script lays them out: k <kind> r <runId> s <seq> d <json>. */
export function decodeEntry(id: string, fields: string[]): FeedEntry {
  const get = (name: string) => fields[fields.indexOf(name) + 1] ?? '';
  return { id, change: JSON.parse(get('d')) as FeedChange, seq: Number(get('s')) };
}

export function evidenceEvent(change: Extract<FeedChange, { kind: 'evidence' }>, seq: number): EvidenceEvent {
  return { ...change.draft, runId: change.runId, seq, at: change.at } as EvidenceEvent;
}

/** Orders stream ids ("ms-n"): negative, zero or positive. */
export function compareIds(a: string, b: string): number {
  const [am, an] = a.split('-').map(Number);
  const [bm, bn] = b.split('-').map(Number);
  return am !== bm ? am - bm : (an ?? 0) - (bn ?? 0);
}

/**
 * Appends a change to the feed atomically; evidence first takes the run's next sequence number,
 * so numbers have no gaps and no duplicates whichever node or worker writes. A write with a fence
 * (ARGV[4] a lock key, ARGV[5] the token it must hold) is refused when the lock has moved on: a
 * worker that lost its run cannot change it. Returns [id, seq].
 */
export const WRITE_SCRIPT = `
if ARGV[4] ~= '' and redis.call('GET', ARGV[4]) ~= ARGV[5] then
  return redis.error_reply('FENCED this process no longer holds the run')
end
local seq = 0
if ARGV[1] == 'evidence' then seq = redis.call('HINCRBY', KEYS[2], ARGV[2], 1) end
if ARGV[1] == 'delete' then redis.call('HDEL', KEYS[2], ARGV[2]) end
local id = redis.call('XADD', KEYS[1], '*', 'k', ARGV[1], 'r', ARGV[2], 's', seq, 'd', ARGV[3])
return {id, seq}
`;
