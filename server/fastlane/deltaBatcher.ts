// Coalesces a turn's output deltas that arrive within one turn of the event loop into one
// Socket.IO message: one emit per network read instead of one per token, without adding delay.
import type { FastDelta } from '../../lib/protocol/fast';
import type { OutputDelta } from './ghostOutput';

export class DeltaBatcher {
  private pending: OutputDelta | null = null;
  private scheduled = false;
  private seq = 0;

  constructor(
    private readonly requestId: string,
    private readonly send: (delta: FastDelta) => void,
  ) {}

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
    const { from, text } = this.pending;
    this.pending = null;
    this.send({ requestId: this.requestId, from, text, seq: this.seq++ });
  }

  /** Discards what was not sent: after an interrupt nothing more may be painted. */
  drop(): void {
    this.pending = null;
  }
}
