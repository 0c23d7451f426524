// The fast lane's transcript: every turn, edit or answer (instruction, redirects, output, outcome,
// timings, model), shown in the side panel and fed back into later prompts on the same range. A turn
// that outlived its stream — cut by a server that stopped, or left by an asker who did not come
// back — is kept whole (its info and event number too), so its asker can still accept or reject it.
// One interface, one implementation per mode: SQLite in one process (sqliteTranscriptStore.ts),
// Redis in a cluster (redisTranscriptStore.ts); the fast lane does not know which one it has.
import {
  isResolved,
  type FastTurnInfo,
  type FastTurnRecord,
  type FastTurnSnapshot,
  type GhostOutcome,
  type GhostState,
} from '../../lib/protocol/fast';
import type { LineRange } from '../../lib/protocol/shapes';
import type { PromptHistory } from './prompt';

/** What a save takes: the record, and what a left turn's snapshot needs. */
export type TranscriptEntry = FastTurnRecord & {
  original: string;
  info: FastTurnInfo;
  message: string | null;
  seq: number;
};

export interface TranscriptStore {
  /**
   * Records a turn: the first save inserts it, later ones update what changes (redirects, output,
   * outcome, figures, message, event number). Saves of one turn are stored in the order made.
   */
  save(turn: TranscriptEntry): Promise<void>;
  /**
   * At start: turns this process recorded as streaming were cut when it stopped. They become
   * interrupted, with `message`, and keep the output recorded last. Resolves to how many.
   */
  endStreaming(message: string): Promise<number>;
  /** A turn on record that nobody resolved, as a snapshot (its asker may still accept or reject it). */
  left(requestId: string): Promise<FastTurnSnapshot | null>;
  /** Records the outcome of a left turn, as event number `seq` (resolves once stored). */
  resolveLeft(requestId: string, outcome: GhostOutcome, seq: number): Promise<void>;
  /** The latest turns on a file, newest first. */
  recent(path: string, limit?: number): Promise<FastTurnRecord[]>;
  /** Recent finished turns whose range overlaps `range`, oldest first (for the prompt). */
  history(path: string, range: LineRange, limit?: number): Promise<PromptHistory[]>;
}

/** How many turns the side panel lists, and how many earlier requests a prompt shows. */
export const RECENT_TURNS = 20;
export const PROMPT_HISTORY_TURNS = 3;

/** A stored turn's snapshot when it is left: finished and unresolved, with its info on record. */
export function leftSnapshot(
  record: FastTurnRecord,
  info: FastTurnInfo | null,
  message: string | null,
  seq: number,
): FastTurnSnapshot | null {
  if (!info || record.outcome === 'streaming' || isResolved(record.outcome)) return null;
  return {
    info,
    state: record.outcome,
    ...(message ? { message } : {}),
    output: record.output,
    redirects: record.redirects,
    metrics: record.metrics,
    seq,
  };
}

/** What a prompt shows of an earlier turn. */
export const promptHistory = (t: { instruction: string; redirects: string[]; outcome: GhostState }): PromptHistory => ({
  instruction: t.instruction,
  redirects: t.redirects,
  outcome: t.outcome,
});

/** Whether two line ranges share a line. */
export const overlaps = (a: LineRange, b: LineRange) => a.startLine <= b.endLine && a.endLine >= b.startLine;
