// The fast lane's transcript: every turn, edit or answer (instruction, redirects, output, outcome, timings, model)
// kept in SQLite, shown in the side panel and fed back into later prompts on the same range.
import type { Alternative, FastTurnRecord, GhostState } from '../../lib/protocol/fast';
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
          original, output, outcome, model, metrics, reason, intent, alternative, created_at)
        VALUES (@requestId, @workspace, @path, @by, @instruction, @redirects, @startLine, @endLine,
          @original, @output, @outcome, @model, @metrics, @reason, @intent, @alternative, @createdAt)
        ON CONFLICT(request_id) DO UPDATE SET redirects = excluded.redirects, output = excluded.output,
          outcome = excluded.outcome, metrics = excluded.metrics`),
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

  save(turn: FastTurnRecord & { original: string }): void {
    this.stmts.upsert.run({
      ...turn,
      workspace: this.workspace,
      redirects: JSON.stringify(turn.redirects),
      startLine: turn.range.startLine,
      endLine: turn.range.endLine,
      metrics: JSON.stringify(turn.metrics),
      intent: turn.intent ?? 'edit',
      alternative: turn.alternative ? JSON.stringify(turn.alternative) : null,
    });
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
