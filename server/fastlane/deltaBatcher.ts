// Coalesces a turn's output deltas that arrive within one turn of the event loop into one
// Socket.IO message: one emit per network read instead of one per token, without adding delay.
import type { OutputDelta } from './ghostOutput';

export class DeltaBatcher {
  private pending: OutputDelta | null = null;
  private scheduled = false;

  constructor(private readonly send: (delta: OutputDelta) => void) {}

  add(delta: OutputDelta | null): void {
    if (!delta) return;
    if (this.pending && delta.from === this.pending.from + this.pending.text.length) {
      this.pending.text += delta.text;
    } else {
      this.flush();
      this.pending = { ...delta };
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (!this.pending) return;
    const delta = this.pending;
    this.pending = null;
    this.send(delta);
  }

  /** Discards what was not sent: after an interrupt nothing more may be painted. */
  drop(): void {
    this.pending = null;
  }
}
