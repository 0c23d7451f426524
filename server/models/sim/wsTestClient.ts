// Test support for the simulator's WebSocket mode: a client that keeps every frame it receives and
// lets a test wait for the next one matching a condition, so tests assert orders and contents
// instead of timings. Used only by the *.test.ts files next to it.
import { WebSocket } from 'ws';

export type Frame = { type: string; sequence_number?: number; [key: string]: unknown };

export class WsTestClient {
  readonly frames: Frame[] = [];
  private cursor = 0;
  private wake: (() => void) | null = null;
  readonly closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const text = data.toString('utf8');
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push({ type: '(not json)', text });
      }
      this.wake?.();
    });
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    void this.closed.then(() => this.wake?.());
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<WsTestClient> {
    const ws = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsTestClient(ws)));
      ws.once('error', reject);
    });
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after the last one waited for) of this type; fails if the socket closes first. */
  async next(type: string, timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const at = this.frames.findIndex((f, i) => i >= this.cursor && f.type === type);
      if (at !== -1) {
        this.cursor = at + 1;
        return this.frames[at]!;
      }
      if (this.ws.readyState >= WebSocket.CLOSING) throw new Error(`socket closed before a ${type} frame`);
      if (Date.now() > deadline) throw new Error(`no ${type} frame within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  /** Frames received since index `from`, up to and including the first of type `until`. */
  between(from: number, until: string): Frame[] {
    const end = this.frames.findIndex((f, i) => i >= from && f.type === until);
    return this.frames.slice(from, end + 1);
  }

  close(): void {
    this.ws.close();
  }
}
