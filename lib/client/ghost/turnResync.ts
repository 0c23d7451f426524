// When events of a turn went missing (a gap in their numbers), the browser asks the server for the
// turn's snapshot and holds the events that arrive meanwhile, to fold after it: an event may
// overtake the snapshot's answer, and the reducer skips what the snapshot already has.
import type { FastTurnSnapshot } from '../../protocol';
import type { TurnEvent } from '../../fastlane/turnModel';

export class TurnResync {
  /** Turns waiting for a snapshot, with the events that arrived meanwhile. */
  private readonly waiting = new Map<string, TurnEvent[]>();

  /** Holds an event of a turn that is waiting for its snapshot; false when it is not waiting. */
  hold(requestId: string, event: TurnEvent): boolean {
    const held = this.waiting.get(requestId);
    if (held) held.push(event);
    return held !== undefined;
  }

  /**
   * Fetches the turn's snapshot once (a second gap while waiting is ignored) and hands it over
   * with the events held meanwhile, in order.
   */
  start(
    requestId: string,
    first: TurnEvent | undefined,
    fetch: () => Promise<FastTurnSnapshot>,
    done: (snapshot: FastTurnSnapshot, held: TurnEvent[]) => void,
    failed: (err: Error) => void,
  ): void {
    if (this.waiting.has(requestId)) return;
    const held: TurnEvent[] = first ? [first] : [];
    this.waiting.set(requestId, held);
    // An answer to a request made before `reset()` is not this wait's.
    const mine = () => this.waiting.get(requestId) === held;
    fetch()
      .then((snapshot) => {
        if (!mine()) return;
        this.waiting.delete(requestId);
        done(snapshot, held);
      })
      .catch((err: Error) => {
        if (!mine()) return;
        this.waiting.delete(requestId);
        failed(err);
      });
  }

  /** The connection dropped: answers still on their way will never come; wait for none of them. */
  reset(): void {
    this.waiting.clear();
  }
}
