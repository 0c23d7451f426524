// What a cluster node remembers of each file's recent finished turns, so a new request's prompt
// history costs no Redis round trip (measured on this loaded 2-core machine: +7.6 ms of harness time
// p50 with the round trip). A file's entry is taken from Redis on the first request on it, updated
// with this node's own finished turns as they are saved, dropped when another node says it saved one
// on that file (news at most once), and in any case taken again after MAX_AGE_MS — so a turn
// finished on another node is missing from a prompt here only if that news was lost, and for at
// most MAX_AGE_MS. Pure: the clock is passed in.
import type { GhostState } from '../../lib/protocol/fast';
import type { LineRange } from '../../lib/protocol/shapes';

/** A finished turn as a prompt shows it, with what orders and places it. */
export type HistoryRow = {
  requestId: string;
  range: LineRange;
  instruction: string;
  redirects: string[];
  outcome: GhostState;
  createdAt: number;
};

/** An entry older than this is read from Redis again. */
export const MAX_AGE_MS = 10_000;
/** Files remembered at most (the least recently taken go first). */
const MAX_FILES = 1000;

export class HistoryCache {
  private readonly files = new Map<string, { rows: HistoryRow[]; at: number }>();

  constructor(private readonly keep: number) {}

  /** A file's rows, newest first, if remembered and young enough. */
  get(path: string, now: number): HistoryRow[] | null {
    const entry = this.files.get(path);
    return entry && now - entry.at < MAX_AGE_MS ? entry.rows : null;
  }

  /** A file's rows as just read from Redis, newest first. */
  put(path: string, rows: HistoryRow[], now: number): void {
    this.files.delete(path);
    this.files.set(path, { rows: rows.slice(0, this.keep), at: now });
    if (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value!);
  }

  /** This node saved a turn on a remembered file: a finished one takes its place, a streaming one none. */
  note(path: string, row: HistoryRow): void {
    const entry = this.files.get(path);
    if (!entry) return;
    const before = entry.rows.find((r) => r.requestId === row.requestId);
    const rows = entry.rows.filter((r) => r !== before);
    // A turn keeps the time it was first saved (later saves carry their own).
    if (row.outcome !== 'streaming') rows.push({ ...row, createdAt: before?.createdAt ?? row.createdAt });
    rows.sort((a, b) => b.createdAt - a.createdAt);
    entry.rows = rows.slice(0, this.keep);
  }

  /** Another node saved a turn on the file: read it from Redis next time. */
  drop(path: string): void {
    this.files.delete(path);
  }
}
