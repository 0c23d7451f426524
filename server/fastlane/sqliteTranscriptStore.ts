// The fast lane's transcript in one process: SQLite in the data folder (table fast_turns). Writes
// are synchronous underneath (a turn's row is on disk when save resolves), so the order of a turn's
// saves is the order they were made in.
import type {
  Alternative,
  FastTurnInfo,
  FastTurnRecord,
  FastTurnSnapshot,
  GhostOutcome,
  GhostState,
} from '../../lib/protocol/fast';
import type { LineRange } from '../../lib/protocol/shapes';
import type { Db } from '../store/db';
import type { PromptHistory } from './prompt';
import {
  leftSnapshot,
  promptHistory,
  PROMPT_HISTORY_TURNS,
  RECENT_TURNS,
  type TranscriptEntry,
  type TranscriptStore,
} from './transcriptStore';

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

export class SqliteTranscriptStore implements TranscriptStore {
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

  save(turn: TranscriptEntry): Promise<void> {
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
    return Promise.resolve();
  }

  /** One process: every turn left streaming was this process's. */
  endStreaming(message: string): Promise<number> {
    return Promise.resolve(this.stmts.endStreaming.run(message, this.workspace).changes);
  }

  left(requestId: string): Promise<FastTurnSnapshot | null> {
    const row = this.stmts.one.get(this.workspace, requestId);
    if (!row) return Promise.resolve(null);
    const info = row.info ? (JSON.parse(row.info) as FastTurnInfo) : null;
    return Promise.resolve(leftSnapshot(toRecord(row), info, row.message, row.seq));
  }

  resolveLeft(requestId: string, outcome: GhostOutcome, seq: number): Promise<void> {
    this.stmts.resolve.run(outcome, seq, this.workspace, requestId);
    return Promise.resolve();
  }

  recent(path: string, limit = RECENT_TURNS): Promise<FastTurnRecord[]> {
    return Promise.resolve(this.stmts.recent.all(this.workspace, path, limit).map(toRecord));
  }

  history(path: string, range: LineRange, limit = PROMPT_HISTORY_TURNS): Promise<PromptHistory[]> {
    const rows = this.stmts.overlapping.all(this.workspace, path, range.endLine, range.startLine, limit);
    return Promise.resolve(
      rows
        .map((r) =>
          promptHistory({
            instruction: r.instruction,
            redirects: JSON.parse(r.redirects) as string[],
            outcome: r.outcome as GhostState,
          }),
        )
        .reverse(),
    );
  }
}
