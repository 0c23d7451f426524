// Why: the evidence log is what a run says it did — durable, ordered, replayable. Each event gets
// the next sequence number of its run (1, 2, 3 … with no gaps), is written to SQLite, and only
// then sent live; a client that subscribed first and then replays from its last number misses
// nothing, and drops the duplicates by number.
import type { EvidenceDraft, EvidenceEvent } from '../../lib/protocol';
import type { Db } from '../store/db';

export class EvidenceLog {
  private readonly seqs = new Map<string, number>();
  private readonly stmts;

  constructor(
    db: Db,
    private readonly emit: (event: EvidenceEvent) => void,
  ) {
    this.stmts = {
      insert: db.prepare('INSERT INTO run_events (run_id, seq, at, data) VALUES (?, ?, ?, ?)'),
      insertOrIgnore: db.prepare('INSERT OR IGNORE INTO run_events (run_id, seq, at, data) VALUES (?, ?, ?, ?)'),
      lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM run_events WHERE run_id = ?'),
      after: db.prepare<[string, number, number], { data: string }>(
        'SELECT data FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
    };
  }

  append(runId: string, draft: EvidenceDraft): EvidenceEvent {
    const seq = this.lastSeq(runId) + 1;
    const event = { ...draft, runId, seq, at: Date.now() } as EvidenceEvent;
    this.stmts.insert.run(runId, seq, event.at, JSON.stringify(event));
    this.seqs.set(runId, seq);
    this.emit(event);
    return event;
  }

  /**
   * Keeps an event numbered elsewhere (cluster mode: the Redis log numbers them) and does not
   * emit it; false when it was already here.
   */
  record(event: EvidenceEvent): boolean {
    const added = this.stmts.insertOrIgnore.run(event.runId, event.seq, event.at, JSON.stringify(event)).changes > 0;
    if (added) this.seqs.set(event.runId, Math.max(this.lastSeq(event.runId), event.seq));
    return added;
  }

  lastSeq(runId: string): number {
    let seq = this.seqs.get(runId);
    if (seq === undefined) {
      seq = this.stmts.lastSeq.get(runId)?.seq ?? 0;
      this.seqs.set(runId, seq);
    }
    return seq;
  }

  /** Events after `afterSeq`, in order, at most `limit` (then `more` is true). */
  replay(runId: string, afterSeq: number, limit: number): { events: EvidenceEvent[]; more: boolean } {
    const rows = this.stmts.after.all(runId, afterSeq, limit + 1);
    const events = rows.slice(0, limit).map((r) => JSON.parse(r.data) as EvidenceEvent);
    return { events, more: rows.length > limit };
  }

  forget(runId: string): void {
    this.seqs.delete(runId);
  }
}
