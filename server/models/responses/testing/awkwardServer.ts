// A deliberately awkward Responses API server for the client's tests (not the simulator): each test
// scripts what it answers, and it frames events the way real servers may — CRLF or LF, with or
// without `event:` lines, keep-alive comments, unknown fields and event types, bodies cut into odd
// TCP writes (mid-line, mid-UTF-8 character), WebSocket frames coalesced into one write, pings,
// sockets closed mid-response and refused upgrades. It records every request and client frame so
// tests assert what went over the wire, not how long it took.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { textEvents } from './responsesEvents';

type Json = Record<string, unknown>;
export type HttpCall = { headers: http.IncomingHttpHeaders; body: Json };
export type HttpScript = (call: HttpCall, out: HttpOut) => Promise<void> | void;
export type ClientFrame = { text: string; json: Json | null; bytes: number };
export type TurnScript = (conn: Conn, create: Json) => Promise<void> | void;
export type SseStyle = { crlf?: boolean; eventLines?: boolean; comments?: boolean };

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const SPLITS = [1, 2, 3, 5, 7, 11, 13];

/** SSE text for these events (a string event is sent as is: not JSON). */
export function sse(events: (Json | string)[], style: SseStyle = {}): string {
  const nl = style.crlf ? '\r\n' : '\n';
  return events
    .map((e, i) => {
      const data = typeof e === 'string' ? e : JSON.stringify({ ...e, sequence_number: i });
      const name = style.eventLines && typeof e !== 'string' ? `event: ${String(e.type)}${nl}` : '';
      return `${style.comments ? `: keep-alive${nl}` : ''}${name}data: ${data}${nl}${nl}`;
    })
    .join('');
}

/** One HTTP answer being written. */
export class HttpOut {
  constructor(readonly res: http.ServerResponse) {
    res.socket?.setNoDelay(true);
  }

  /** A plain JSON answer (an HTTP error). */
  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.res.writeHead(status, { 'content-type': 'application/json', ...headers });
    this.res.end(JSON.stringify(body));
  }

  /** Writes the SSE body in pieces of odd sizes (1, 2, 3, 5, 7 … bytes), each its own write. */
  async stream(text: string, opts: { split?: boolean; end?: boolean } = {}): Promise<void> {
    if (!this.res.headersSent) this.res.writeHead(200, { 'content-type': 'text/event-stream' });
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = opts.split === false ? bytes.length : SPLITS[i % SPLITS.length]!;
      const piece = bytes.subarray(at, at + size);
      at += piece.length;
      await new Promise<void>((resolve) => this.res.write(piece, () => resolve()));
      await tick();
    }
    if (opts.end !== false) this.res.end();
  }
}

/** One WebSocket connection as the server sees it. */
export class Conn {
  readonly frames: ClientFrame[] = [];
  readonly closed: Promise<{ code: number }>;
  pongs = 0;
  private inbox: ClientFrame[] = [];
  private waiter: (() => void) | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly headers: http.IncomingHttpHeaders,
    private readonly socket: Socket,
  ) {
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
    void this.closed.then(() => this.waiter?.());
    ws.on('pong', () => this.pongs++);
  }

  get isOpen(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** A frame that is not a `response.create` (e.g. a steer), for the running script. */
  take(frame: ClientFrame): void {
    this.inbox.push(frame);
    this.waiter?.();
  }

  /** The next non-create client frame; null if the socket closes first. */
  async next(): Promise<ClientFrame | null> {
    while (this.inbox.length === 0) {
      if (!this.isOpen) return null;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    return this.inbox.shift()!;
  }

  /** Sends events (objects as JSON, strings as they are), one frame each. */
  send(...events: (Json | string)[]): void {
    for (const e of events) if (this.isOpen) this.ws.send(typeof e === 'string' ? e : JSON.stringify(e));
  }

  /** Sends events as frames coalesced into a single TCP write. */
  sendCoalesced(...events: Json[]): void {
    this.socket.cork();
    this.send(...events);
    process.nextTick(() => this.socket.uncork());
  }

  /** Sends events one frame per event loop turn, a ping before each. */
  async sendSlowly(...events: Json[]): Promise<void> {
    for (const e of events) {
      if (!this.isOpen) return;
      this.ws.ping();
      this.send(e);
      await tick();
    }
  }

  close(code = 1000, reason = ''): void {
    this.ws.close(code, reason);
  }

  /** Drops the TCP connection without a close frame. */
  terminate(): void {
    this.ws.terminate();
  }
}

export type AwkwardServer = {
  /** The base URL a lane takes (`http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  httpCalls: HttpCall[];
  /** Answers for the next HTTP calls, in order; then `httpDefault`. */
  httpScripts: HttpScript[];
  httpDefault: HttpScript;
  connections: Conn[];
  /** Answers for the next `response.create` frames (any connection), in order; then `wsDefault`. */
  wsScripts: TurnScript[];
  wsDefault: TurnScript;
  /** Upgrade attempts (`performance.now()`), refused ones included. */
  upgrades: number[];
  /** Answers the next N upgrades with this HTTP status and body (then accepts again). */
  refuse: { count: number; status: number; body: unknown };
  /** Resolves when the server has seen `n` connections. */
  connectionCount(n: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
};

const NO_REFUSAL = { count: 0, status: 401, body: null };
const parseJson = (text: string): Json | null => {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return null; // recorded as it came
  }
};

/** Unscripted calls are answered "ok". */
const HTTP_DEFAULT: HttpScript = (_call, out) => out.stream(sse(textEvents('resp_default', ['ok'])));
const WS_DEFAULT: TurnScript = (conn) => conn.send(...textEvents('resp_default', ['ok']));

/** Starts the server on 127.0.0.1, port 0. With `key`, requests must carry `Bearer <key>`. */
export async function startAwkwardServer(key: string | null = null): Promise<AwkwardServer> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  let counted: (() => void) | null = null;
  const authorized = (h: http.IncomingHttpHeaders) => key === null || h.authorization === `Bearer ${key}`;
  // A refusal echoes the key it got, as some providers do: the client must not show it.
  const refusal = (h: http.IncomingHttpHeaders) => ({
    error: { message: `Incorrect API key provided: ${String(h.authorization)}`, code: 'invalid_api_key' },
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = new HttpOut(res);
      if (!authorized(req.headers)) return out.json(401, refusal(req.headers));
      if (req.method !== 'POST' || req.url !== '/v1/responses') return out.json(404, { error: { message: 'no' } });
      const call: HttpCall = { headers: req.headers, body: parseJson(Buffer.concat(chunks).toString('utf8')) ?? {} };
      awkward.httpCalls.push(call);
      void Promise.resolve((awkward.httpScripts.shift() ?? awkward.httpDefault)(call, out)).catch(() => res.destroy());
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
    awkward.upgrades.push(performance.now());
    const refused = awkward.refuse.count > 0 ? (awkward.refuse.count--, awkward.refuse) : null;
    const status = refused?.status ?? (authorized(req.headers) ? (req.url === '/v1/responses' ? 0 : 404) : 401);
    if (status !== 0) {
      const body = JSON.stringify(refused?.body ?? refusal(req.headers));
      socket.end(
        `HTTP/1.1 ${status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}` +
          `\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new Conn(ws, req.headers, socket);
      awkward.connections.push(conn);
      counted?.();
      ws.on('message', (data: Buffer, isBinary) => {
        if (isBinary) return;
        const text = data.toString('utf8');
        const json = parseJson(text);
        const frame: ClientFrame = { text, json, bytes: data.length };
        conn.frames.push(frame);
        if (json?.type !== 'response.create') return conn.take(frame);
        const script = awkward.wsScripts.shift() ?? awkward.wsDefault;
        void Promise.resolve(script(conn, json)).catch(() => conn.terminate());
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const awkward: AwkwardServer = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    httpCalls: [],
    httpScripts: [],
    httpDefault: HTTP_DEFAULT,
    connections: [],
    wsScripts: [],
    wsDefault: WS_DEFAULT,
    upgrades: [],
    refuse: { ...NO_REFUSAL },
    async connectionCount(n) {
      while (awkward.connections.length < n) await new Promise<void>((resolve) => (counted = resolve));
    },
    reset() {
      for (const c of awkward.connections) c.terminate();
      const fresh = { httpCalls: [], httpScripts: [], connections: [], wsScripts: [], upgrades: [] };
      Object.assign(awkward, { ...fresh, httpDefault: HTTP_DEFAULT, wsDefault: WS_DEFAULT, refuse: { ...NO_REFUSAL } });
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return awkward;
}
