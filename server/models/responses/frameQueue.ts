// The frames of one call's socket, waited for one at a time: a text frame, the socket's end, or the
// caller's abort (whichever comes first is what `next()` answers). Frames that arrive while nobody
// waits are kept in order. An abort also runs `onAbort` at once (the transport closes the socket
// then, not when the caller next pulls); `dispose()` lets go of the signal when the call ends.
import type { SocketListener } from './responsesSocket';

export type Frame = { kind: 'text'; text: string } | { kind: 'closed'; reason: string } | { kind: 'aborted' };

export class FrameQueue implements SocketListener {
  private readonly frames: Frame[] = [];
  private waiter: ((frame: Frame) => void) | null = null;
  private ended: Frame | null = null;
  private readonly onSignal = () => this.abort();

  constructor(
    private readonly signal: AbortSignal,
    private readonly onAbort: () => void,
  ) {
    if (signal.aborted) this.abort();
    else signal.addEventListener('abort', this.onSignal, { once: true });
  }

  frame(text: string): void {
    this.put({ kind: 'text', text });
  }

  closed(reason: string): void {
    this.ended ??= { kind: 'closed', reason };
    this.put(this.ended);
  }

  /** The caller gave up (abort, or a timeout): answered before any frame still queued. */
  abort(): void {
    if (this.ended?.kind === 'aborted') return;
    this.ended = { kind: 'aborted' };
    this.frames.length = 0;
    this.put(this.ended);
    this.onAbort();
  }

  next(): Promise<Frame> {
    const frame = this.frames.shift();
    if (frame) return Promise.resolve(frame);
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => (this.waiter = resolve));
  }

  dispose(): void {
    this.signal.removeEventListener('abort', this.onSignal);
  }

  private put(frame: Frame): void {
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = null;
      waiter(frame);
    } else if (frame.kind === 'text') this.frames.push(frame);
  }
}
