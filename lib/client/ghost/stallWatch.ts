// A turn may end without this browser hearing it: the server (or, in a cluster, the node) that
// streamed it stopped, or its last events were lost with a connection. The fast lane's events
// carry no heartbeat, so the browser asks for the snapshot of a turn it follows when a stream has
// said nothing for a while, or, for a ghost that waits for its asker's decision, now and then; a
// model that is merely slow answers with the same snapshot, a turn that is gone answers not_found.
// The timer runs only while this browser follows a turn.
export const STALL_MS = 5000;
export const WAITING_CHECK_MS = 20_000;
const CHECK_EVERY_MS = 1000;

export type FollowedTurn = { requestId: string; streaming: boolean };

export class StallWatch {
  /** When each followed turn last had an event (or was last asked about). */
  private readonly heard = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: {
      /** The turns this browser follows (none resolved). */
      followed: () => FollowedTurn[];
      /** Asks the server for the turn's snapshot. */
      ask: (requestId: string) => void;
    },
  ) {}

  heardFrom(requestId: string): void {
    this.heard.set(requestId, performance.now());
    this.timer ??= setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  forget(requestId: string): void {
    this.heard.delete(requestId);
  }

  private check(): void {
    const followed = this.deps.followed();
    if (followed.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      return;
    }
    for (const id of quietTurns(this.heard, followed, performance.now())) this.deps.ask(id);
  }
}

/**
 * The followed turns quiet for long enough (`STALL_MS` streaming, `WAITING_CHECK_MS` otherwise);
 * each counts as heard from at `now`, so a turn is asked about once per quiet period.
 */
export function quietTurns(heard: Map<string, number>, followed: FollowedTurn[], now: number): string[] {
  const out: string[] = [];
  for (const { requestId, streaming } of followed) {
    const at = heard.get(requestId);
    if (at === undefined) heard.set(requestId, now);
    else if (now - at >= (streaming ? STALL_MS : WAITING_CHECK_MS)) {
      out.push(requestId);
      heard.set(requestId, now);
    }
  }
  return out;
}
