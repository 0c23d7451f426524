// The panels (status, buttons, transcript) re-render for a new turn; on a page's first turn that
// React work ran cold for tens of milliseconds, right when the first tokens arrive. So the ghost
// paints first: a new turn's summary goes to React after its first frame is shown, or after a
// short grace period, whichever comes first.
import type { GhostTurn } from './ghostTurn';

/** How long a new turn's panels may wait for its first paint. */
const SUMMARY_GRACE_MS = 150;

export class DeferredSummaries {
  private readonly pending = new Map<GhostTurn, ReturnType<typeof setTimeout>>();

  constructor(private readonly summarize: (turn: GhostTurn) => void) {}

  /** A new turn: its summary waits for its first paint (or the grace period). */
  defer(turn: GhostTurn): void {
    this.pending.set(
      turn,
      setTimeout(() => this.summarize(turn), SUMMARY_GRACE_MS),
    );
  }

  /** After a frame is shown: the summaries of turns painted in it go out on the next task. */
  afterFrame(): void {
    for (const [turn, timer] of this.pending) {
      if (turn.timings.firstPaintAt === undefined) continue;
      clearTimeout(timer);
      this.pending.set(
        turn,
        setTimeout(() => this.summarize(turn), 0),
      );
    }
  }

  /** The turn is summarized now (or gone): nothing is pending for it any more. */
  settle(turn: GhostTurn): void {
    clearTimeout(this.pending.get(turn));
    this.pending.delete(turn);
  }
}
