// The fast lane's transcript: every turn, edit or answer (instruction, redirects, output, outcome, timings, model)
// kept in SQLite, shown in the side panel and fed back into later prompts on the same range. A turn
// that outlived its stream — cut by a server that stopped, or left by an asker who did not come
// back — is kept whole (its info and event number too), so its asker can still accept or reject it.
import {
  isResolved,
  type Alternative,
  type FastTurnInfo,
  type FastTurnRecord,
  type FastTurnSnapshot,
  type GhostOutcome,
  type GhostState,
} from '../../lib/protocol/fast';
import type { LineRange } from '../../lib/protocol/shapes';
import type { Db } from '../store/db';
import type { PromptHistory } from './prompt';

type Row = {
  request_id: string;
  path: string;
  by_name: string;
  instruction: string;
  redirects: string;
  start_line: number;
  end_line: number;
  output: string;
  outcome: string;
  model: string;
  metrics: string;
  reason: string;
  intent: string;
  /** JSON of the turn's Alternative, or null. */
  alternative: string | null;
  created_at: number;
  /** JSON of the turn's FastTurnInfo (null on turns recorded before it was kept). */
  info: string | null;
  message: string | null;
  seq: number;
};

/** What a save takes: the record, and what a left turn's snapshot needs. */
export type TranscriptEntry = FastTurnRecord & {
  original: string;
  info: FastTurnInfo;
  message: string | null;
  seq: number;
};

type HistoryRow = Pick<Row, 'instruction' | 'redirects' | 'outcome'>;

const toRecord = (r: Row): FastTurnRecord => ({
  requestId: r.request_id,
  path: r.path,
  by: r.by_name,
  instruction: r.instruction,
  redirects: JSON.parse(r.redirects) as string[],
  range: { startLine: r.start_line, endLine: r.end_line },
  output: r.output,
  outcome: r.outcome as GhostState,
  model: r.model,
  metrics: JSON.parse(r.metrics) as FastTurnRecord['metrics'],
  reason: r.reason,
  intent: r.intent === 'answer' ? 'answer' : 'edit',
  ...(r.alternative ? { alternative: JSON.parse(r.alternative) as Alternative } : {}),
  createdAt: r.created_at,
});

export class TranscriptStore {
  private readonly stmts;

  constructor(
    db: Db,
    private readonly workspace: string,
  ) {
    this.stmts = {
      upsert: db.prepare(`
        INSERT INTO fast_turns (request_id, workspace, path, by_name, instruction, redirects, start_line, end_line,
          original, output, outcome, model, metrics, reason, intent, alternative, created_at, info, message, seq)
        VALUES (@requestId, @workspace, @path, @by, @instruction, @redirects, @startLine, @endLine,
          @original, @output, @outcome, @model, @metrics, @reason, @intent, @alternative, @createdAt,
          @info, @message, @seq)
        ON CONFLICT(request_id) DO UPDATE SET redirects = excluded.redirects, output = excluded.output,
          outcome = excluded.outcome, metrics = excluded.metrics, message = excluded.message, seq = excluded.seq`),
      endStreaming: db.prepare<[string, string]>(
        `UPDATE fast_turns SET outcome = 'interrupted', message = ?, seq = seq + 1
         WHERE workspace = ? AND outcome = 'streaming'`,
      ),
      one: db.prepare<[string, string], Row>('SELECT * FROM fast_turns WHERE workspace = ? AND request_id = ?'),
      resolve: db.prepare<[string, number, string, string]>(
        'UPDATE fast_turns SET outcome = ?, message = NULL, seq = ? WHERE workspace = ? AND request_id = ?',
      ),
      recent: db.prepare<[string, string, number], Row>(
        'SELECT * FROM fast_turns WHERE workspace = ? AND path = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
      ),
      // Only what the prompt shows, without the turns' code and output: this runs before every model request.
      overlapping: db.prepare<[string, string, number, number, number], HistoryRow>(
        `SELECT instruction, redirects, outcome FROM fast_turns
         WHERE workspace = ? AND path = ? AND outcome != 'streaming'
         AND start_line <= ? AND end_line >= ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
    };
  }

  save(turn: TranscriptEntry): void {
    this.stmts.upsert.run({
      ...turn,
      info: JSON.stringify(turn.info),
      workspace: this.workspace,
      redirects: JSON.stringify(turn.redirects),
      startLine: turn.range.startLine,
      endLine: turn.range.endLine,
      metrics: JSON.stringify(turn.metrics),
      intent: turn.intent ?? 'edit',
      alternative: turn.alternative ? JSON.stringify(turn.alternative) : null,
    });
  }

  /**
   * At start: turns recorded as streaming were cut when the process stopped. They become
   * interrupted, with `message`, and keep the output recorded last. Returns how many.
   */
  endStreaming(message: string): number {
    return this.stmts.endStreaming.run(message, this.workspace).changes;
  }

  /** A turn on record that nobody resolved, as a snapshot (its asker may still accept or reject it). */
  left(requestId: string): FastTurnSnapshot | null {
    const row = this.stmts.one.get(this.workspace, requestId);
    if (!row?.info || row.outcome === 'streaming' || isResolved(row.outcome as GhostState)) return null;
    const r = toRecord(row);
    return {
      info: JSON.parse(row.info) as FastTurnInfo,
      state: r.outcome,
      ...(row.message ? { message: row.message } : {}),
      output: r.output,
      redirects: r.redirects,
      metrics: r.metrics,
      seq: row.seq,
    };
  }

  /** Records the outcome of a left turn, as event number `seq`. */
  resolveLeft(requestId: string, outcome: GhostOutcome, seq: number): void {
    this.stmts.resolve.run(outcome, seq, this.workspace, requestId);
  }

  /** The latest turns on a file, newest first. */
  recent(path: string, limit = 20): FastTurnRecord[] {
    return this.stmts.recent.all(this.workspace, path, limit).map(toRecord);
  }

  /** Recent finished turns whose range overlaps `range`, oldest first (for the prompt). */
  history(path: string, range: LineRange, limit = 3): PromptHistory[] {
    return this.stmts.overlapping
      .all(this.workspace, path, range.endLine, range.startLine, limit)
      .map((r) => ({
        instruction: r.instruction,
        redirects: JSON.parse(r.redirects) as string[],
        outcome: r.outcome as GhostState,
      }))
      .reverse();
  }
}
