// A fast lane's turns in its transcript, written so that a crash (kill -9) keeps them: each state
// change is written at once, and a streaming turn's output at most every RECORD_EVERY_MS (after a
// restart, what was shown comes back at most half a second short, as docs/fastlane.md says). The
// streaming writes of every turn of the lane are made together, on one timer's tick, rather than
// on a timer per turn. Saves are not awaited: the store keeps a turn's saves in the order made (in
// a cluster a save waits in the Redis client while Redis is away); one that fails is logged.
import type { Turn } from './fastTurn';
import type { TranscriptStore } from './transcriptStore';

/** How often a streaming turn's output is written to the transcript. */
export const RECORD_EVERY_MS = 500;

export class TurnRecorder {
  /** Streaming turns with output not written yet, for the next tick. */
  private readonly due = new Set<Turn>();
  private tick: NodeJS.Timeout | null = null;

  constructor(
    private readonly transcripts: TranscriptStore,
    private readonly log: (m: string) => void,
  ) {}

  /** Writes the turn as it is now (a start or a state change); a write due on the next tick is no longer needed. */
  now(turn: Turn): void {
    this.due.delete(turn);
    this.save(turn);
  }

  /** The turn's output changed: written on the next tick if it is still streaming then. */
  soon(turn: Turn): void {
    this.due.add(turn);
    if (this.tick) return;
    this.tick = setTimeout(() => this.writeDue(), RECORD_EVERY_MS);
    this.tick.unref();
  }

  private writeDue(): void {
    this.tick = null;
    const turns = [...this.due];
    this.due.clear();
    for (const turn of turns) if (turn.view.state === 'streaming') this.save(turn);
  }

  private save(turn: Turn): void {
    const failed = (err: unknown) =>
      this.log(
        `could not record fast turn ${turn.info.requestId}: ${err instanceof Error ? err.message : String(err)}`,
      );
    try {
      this.transcripts
        .save({
          info: turn.info,
          message: turn.view.message ?? null,
          seq: turn.view.seq,
          requestId: turn.info.requestId,
          path: turn.info.path,
          by: turn.info.by,
          instruction: turn.info.instruction,
          redirects: turn.view.redirects,
          range: turn.info.range,
          original: turn.info.original,
          output: turn.output.text,
          outcome: turn.view.state,
          model: turn.info.model.model,
          metrics: turn.metrics,
          reason: turn.info.reason,
          intent: turn.info.intent,
          ...(turn.info.alternative ? { alternative: turn.info.alternative } : {}),
          createdAt: Date.now(),
        })
        .catch(failed);
    } catch (err) {
      failed(err);
    }
  }
}
