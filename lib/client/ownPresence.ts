// When this person's presence is sent. The editor sets it on every cursor move — every keystroke —
// and y-protocols emits 'update' for each set, changed or not. Typing mostly leaves it as it was (a
// cursor is a Yjs relative position: the character after it stays the same while text goes in
// before it), and sending each one cost the keystroke a websocket send (0.4–0.9 ms in Chromium
// here) and every other person a message for nothing. So it is sent when it changed, and otherwise
// only often enough that the others and the server, which drop a state nobody renewed for 30 s,
// keep it.
import type * as awarenessProtocol from 'y-protocols/awareness';

/** An unchanged state is sent again after this long (y-protocols drops one not renewed in 30 s). */
export const RENEW_PRESENCE_MS = 10_000;

type Changes = { added: number[]; updated: number[]; removed: number[] };

export class OwnPresence {
  private changed = false;
  private sentAt = -Infinity;

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly send: (ids: number[]) => void,
    /** Whether a send can leave now (the socket is connected); `sendNow` on reconnect. */
    private readonly live: () => boolean,
    /** Changes whose origin is this one came from others, not from this person. */
    private readonly remoteOrigin: unknown,
    private readonly now: () => number = () => Date.now(),
  ) {
    // y-protocols emits 'change' (only when a state differs) before 'update' (always), in the same call.
    awareness.on('change', this.onChange);
    awareness.on('update', this.onUpdate);
  }

  private mine({ added, updated, removed }: Changes, origin: unknown): boolean {
    const self = this.awareness.clientID;
    return origin !== this.remoteOrigin && [added, updated, removed].some((ids) => ids.includes(self));
  }

  private readonly onChange = (changes: Changes, origin: unknown) => {
    if (this.mine(changes, origin)) this.changed = true;
  };

  private readonly onUpdate = (changes: Changes, origin: unknown) => {
    if (!this.mine(changes, origin) || !this.live()) return;
    if (this.changed || this.now() - this.sentAt >= RENEW_PRESENCE_MS) this.sendNow();
  };

  /** Sends this person's state now (after a reconnect, the server knows nothing of it). */
  sendNow(): void {
    this.changed = false;
    this.sentAt = this.now();
    this.send([this.awareness.clientID]);
  }
}
