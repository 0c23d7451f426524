// One WebSocket connection to a provider's Responses endpoint (`wss://…/v1/responses`). It carries
// one response at a time (the API's rule without stream multiplexing); its frames go to the call
// that holds it. It keeps itself honest: a ping every PING_MS (no pong within PONG_WAIT_MS ends
// it), it closes after IDLE_MS without a call, and it is not handed out again once it is older
// than MAX_AGE_MS (providers end connections: OpenAI at 60 minutes, xAI at 25).
import WebSocket from 'ws';

export const PING_MS = 30_000;
export const PONG_WAIT_MS = 10_000;
export const IDLE_MS = 5 * 60_000;
export const MAX_AGE_MS = 24 * 60_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_REFUSAL_BODY = 64 * 1024;

/** The server answered the upgrade with an HTTP status (401, 429, …) instead of switching protocols. */
export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string | string[] | undefined>,
  ) {
    super(`the WebSocket upgrade was answered with HTTP ${status}`);
  }
}

/** What the holder of a socket hears: each text frame, and the socket's end. */
export type SocketListener = { frame(text: string): void; closed(reason: string): void };

export class ResponsesSocket {
  private readonly ws: WebSocket;
  private listener: SocketListener | null = null;
  private readonly openedAt = performance.now();
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  readonly ready: Promise<void>;
  opened = false;
  closed = false;

  constructor(url: string, headers: Record<string, string>, onGone: (socket: ResponsesSocket) => void) {
    this.ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
    this.ready = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => {
        // Read the refusal's body (the provider's reason), then end the half-open handshake.
        let body = '';
        const refused = () => {
          this.ws.terminate();
          reject(new UpgradeRefused(res.statusCode ?? 0, body, res.headers));
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < MAX_REFUSAL_BODY) body += chunk;
        });
        res.once('end', refused);
        res.once('error', refused);
      });
    });
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary)
        this.listener?.frame(
          Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(toBuffers(data)).toString('utf8'),
        );
    });
    this.ws.on('pong', () => clearTimeout(this.pongTimer));
    this.ws.on('error', () => undefined); // the close that follows reports it
    this.ws.on('close', (code, reason) => {
      this.closed = true;
      this.stopTimers();
      const detail = reason.length ? `: ${reason.toString('utf8').slice(0, 200)}` : '';
      const why = `the model's WebSocket closed (code ${code}${detail})`;
      const listener = this.listener;
      this.listener = null;
      listener?.closed(why);
      onGone(this);
    });
    this.ready.then(
      () => {
        this.opened = true;
        this.pingTimer = setInterval(() => this.ping(), PING_MS);
        this.pingTimer.unref();
        this.armIdle();
      },
      () => undefined, // the caller of `ready` reports it
    );
  }

  get busy(): boolean {
    return this.listener !== null;
  }

  /** Open, not busy and young enough to take another call. */
  get usable(): boolean {
    return this.opened && !this.closed && !this.busy && performance.now() - this.openedAt < MAX_AGE_MS;
  }

  hold(listener: SocketListener): void {
    this.listener = listener;
    clearTimeout(this.idleTimer);
  }

  release(): void {
    this.listener = null;
    if (performance.now() - this.openedAt >= MAX_AGE_MS) this.close();
    else this.armIdle();
  }

  send(text: string): void {
    this.ws.send(text);
  }

  /** Ends the connection at once (an interrupt the provider cannot take in-band, or a broken socket). */
  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  close(): void {
    this.closed = true;
    this.stopTimers();
    this.ws.close(1000);
  }

  private ping(): void {
    if (this.closed) return;
    this.ws.ping();
    this.pongTimer = setTimeout(() => this.terminate(), PONG_WAIT_MS);
    this.pongTimer.unref();
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.busy) this.close();
    }, IDLE_MS);
    this.idleTimer.unref();
  }

  private stopTimers(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    clearTimeout(this.idleTimer);
  }
}

function toBuffers(data: ArrayBuffer | Buffer[]): Buffer[] {
  return Array.isArray(data) ? data : [Buffer.from(data)];
}
