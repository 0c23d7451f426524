// The embedded simulated model server: real HTTP on loopback speaking the OpenAI chat completions
// wire (streaming and not, GET /v1/models), paced per model, with faults and replayed provider
// recordings on demand, and a record of every request (arrival, socket close, abort, body, chunk
// send times) for tests and benchmarks. It is labelled as simulated wherever a person sees it.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { awkwardChunks, loadFixture } from './replay';
import { FAULT_HEADER, FaultBudget, REPLAY_HEADER, splitModelName, type Fault } from './faults';
import { dueTimes, pace, type ChunkRecord } from './pacer';
import { respond } from './respond';
import { resolveProfiles, type ModelProfile } from './settings';
import { simRequestSchema, toSimRequest } from './simRequest';
import { completionBody, hash32, streamSteps, withFault, type WireContext } from './simWire';
import { sendError, sendFault } from './simErrors';

export type SimServerOptions = {
  port?: number;
  host?: string;
  /** Per-model overrides of the defaults (sim-fast 1,000 tok/s, sim-strong 80 tok/s); new names add models. */
  profiles?: Record<string, Partial<ModelProfile>>;
  /** Serve this fixture (fixtures/NAME.sse) for every chat request. */
  replay?: string;
  /** Requests kept in `requests` (oldest dropped first). */
  maxRecorded?: number;
};

export type SimRequestRecord = {
  id: number;
  method: string;
  path: string;
  connection: number;
  /** performance.now() stamps (add `timeOrigin` for wall-clock ms). */
  arrivedAt: number;
  closedAt: number | null;
  /** The client went away before the response was complete. */
  aborted: boolean;
  status: number | null;
  model: string | null;
  fault: string | null;
  replay: string | null;
  hasApiKey: boolean;
  body: unknown;
  chunks: ChunkRecord[];
  tokensSent: number;
};

export type SimServer = {
  url: string;
  /** The OpenAI-style base URL (with /v1) to give a provider. */
  baseUrl: string;
  host: string;
  port: number;
  timeOrigin: number;
  profiles: Readonly<Record<string, ModelProfile>>;
  requests: SimRequestRecord[];
  events: EventEmitter<{ request: [SimRequestRecord]; closed: [SimRequestRecord]; connection: [number] }>;
  /** Distinct TCP connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
};

const MAX_BODY = 8 * 1024 * 1024;
const MAX_CHUNK_RECORDS = 100_000;
const RESET_DELAY_MS = 20;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error(`request body over ${MAX_BODY} bytes`));
      else parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const profiles = resolveProfiles(options.profiles);
  const maxRecorded = options.maxRecorded ?? 500;
  const events: SimServer['events'] = new EventEmitter();
  const requests: SimRequestRecord[] = [];
  const socketIds = new WeakMap<Socket, number>();
  const faults = new FaultBudget();
  let connections = 0;
  let nextId = 1;

  const server = http.createServer((req, res) => {
    const record: SimRequestRecord = {
      id: nextId++,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      connection: socketIds.get(req.socket) ?? 0,
      arrivedAt: performance.now(),
      closedAt: null,
      aborted: false,
      status: null,
      model: null,
      fault: null,
      replay: null,
      hasApiKey: /^Bearer\s+\S/.test(req.headers.authorization ?? ''),
      body: null,
      chunks: [],
      tokensSent: 0,
    };
    requests.push(record);
    if (requests.length > maxRecorded) requests.shift();
    let stop: (() => void) | null = null;
    res.on('close', () => {
      record.closedAt = performance.now();
      record.aborted = !res.writableFinished;
      stop?.();
      events.emit('closed', record);
    });
    const onChunk = (chunk: ChunkRecord) => {
      record.tokensSent += chunk.tokens;
      if (record.chunks.length < MAX_CHUNK_RECORDS) record.chunks.push(chunk);
    };
    handle(req, res, record, onChunk, (s) => (stop = s)).catch((err: Error) => {
      if (!res.headersSent) sendError(res, record, 500, { message: err.message, type: 'server_error', code: null });
      else res.destroy();
    });
  });

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: SimRequestRecord,
    onChunk: (c: ChunkRecord) => void,
    setStop: (stop: () => void) => void,
  ): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      events.emit('request', record);
      const data = Object.keys(profiles).map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'tandem-simulator',
      }));
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      events.emit('request', record);
      return sendError(res, record, 404, {
        message: `no route ${req.method} ${path}`,
        type: 'invalid_request_error',
        code: 'not_found',
      });
    }
    const raw = await readBody(req);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      events.emit('request', record);
      return sendError(res, record, 400, {
        message: 'the request body is not JSON',
        type: 'invalid_request_error',
        code: null,
      });
    }
    record.body = json;
    const named = splitModelName(
      typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : '',
    );
    record.model = named.model || null;
    record.fault = header(req, FAULT_HEADER) ?? named.fault;
    record.replay = header(req, REPLAY_HEADER) ?? options.replay ?? null;
    events.emit('request', record);

    if (record.replay !== null) return replay(res, record, onChunk, setStop);
    let fault: Fault | null = null;
    try {
      fault = record.fault === null ? null : faults.take(record.fault);
      if (fault === null) record.fault = null;
    } catch (err) {
      return sendError(res, record, 400, {
        message: (err as Error).message,
        type: 'invalid_request_error',
        code: 'invalid_fault',
      });
    }
    const parsed = simRequestSchema.safeParse({ ...(json as object), model: named.model });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const message = `Invalid request: ${issue.path.join('.') || 'body'}: ${issue.message}`;
      return sendError(res, record, 400, { message, type: 'invalid_request_error', code: null });
    }
    const profile = profiles[named.model];
    if (profile === undefined) {
      const served = Object.keys(profiles).join(', ');
      const message = `The model \`${named.model}\` does not exist. The simulator serves: ${served}.`;
      return sendError(res, record, 404, { message, type: 'invalid_request_error', code: 'model_not_found' });
    }
    if (fault !== null && sendFault(res, record, fault, req.headers.authorization ?? '')) return;

    const request = toSimRequest(parsed.data);
    const reply = respond(request);
    const seed = hash32(raw);
    const ctx: WireContext = {
      id: `chatcmpl-sim-${seed.toString(16).padStart(8, '0')}`,
      model: named.model,
      created: Math.floor(Date.now() / 1000),
      chunkTokens: profile.chunkTokens,
      includeUsage: request.includeUsage,
    };
    let steps = streamSteps(reply, ctx);
    if (fault !== null) steps = withFault(steps, fault, ctx);
    const due = dueTimes(steps, profile, seed);
    record.status = 200;
    if (!request.stream) {
      const timer = setTimeout(
        () => answerWhole(req, res, record, fault, completionBody(reply, ctx)),
        due[due.length - 1],
      );
      setStop(() => clearTimeout(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    // The reset follows the tokens after a moment, so the client has read them (an RST arriving with
    // unread data makes the kernel discard it).
    const reset = () => void setTimeout(() => req.socket.resetAndDestroy(), RESET_DELAY_MS);
    setStop(pace(res, steps, due, record.arrivedAt, { onChunk, onReset: reset }));
  }

  function replay(
    res: http.ServerResponse,
    record: SimRequestRecord,
    onChunk: (c: ChunkRecord) => void,
    setStop: (s: () => void) => void,
  ): void {
    const bytes = loadFixture(record.replay!);
    if (bytes === null) {
      return sendError(res, record, 404, {
        message: `no replay fixture "${record.replay}"`,
        type: 'invalid_request_error',
        code: 'fixture_not_found',
      });
    }
    record.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const chunks = awkwardChunks(bytes);
    let i = 0;
    let stopped = false;
    setStop(() => (stopped = true));
    const next = () => {
      if (stopped) return;
      if (i === chunks.length) return void res.end();
      const chunk = chunks[i++]!;
      res.write(chunk);
      onChunk({ at: performance.now(), bytes: chunk.length, tokens: 0 });
      setImmediate(next);
    };
    next();
  }

  server.on('connection', (socket: Socket) => {
    socketIds.set(socket, ++connections);
    socket.setNoDelay(true);
    events.emit('connection', connections);
  });
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    host,
    port,
    timeOrigin: performance.timeOrigin,
    profiles,
    requests,
    events,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A non-streaming answer, or the non-streaming form of a mid-stream fault. */
function answerWhole(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  record: SimRequestRecord,
  fault: Fault | null,
  body: string,
): void {
  switch (fault?.kind) {
    case 'stall':
      return; // never answer; the client's timeout or abort closes the socket
    case 'reset':
      req.socket.resetAndDestroy();
      return;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' }).end(body.slice(0, Math.floor(body.length / 2)));
      return;
    case 'error':
      return sendError(res, record, 500, {
        message: 'The simulated model hit an injected error while generating.',
        type: 'server_error',
        code: 'internal_error',
      });
    default:
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}
