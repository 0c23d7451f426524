// The embedded simulated model server: real HTTP on loopback speaking OpenAI's wire — chat
// completions and the Responses API (streamed or not, and over a WebSocket upgrade on
// /v1/responses), fill-in-the-middle completions (/v1/completions), GET /v1/models — paced per
// model, with faults and replayed provider recordings on demand, and a record of every request
// (arrival, socket close, abort, body, chunk send times, prefill) for tests and benchmarks. It is
// labelled as simulated wherever a person sees it.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerChat, type HttpCall } from './chatHttp';
import { answerCompletions } from './completionsHttp';
import { FAULT_HEADER, FaultBudget, metadataFault, REPLAY_HEADER, splitModelName, type Fault } from './faults';
import { BoundedStore, Recorder, type SimContext, type SimEvents, type SimRequestRecord } from './records';
import { answerResponses } from './responsesHttp';
import { attachResponsesWebSocket } from './responsesWs';
import { awkwardChunks, loadFixture } from './replay';
import { resolveProfiles, type ModelProfile } from './settings';
import { sendError } from './simErrors';

export type { SimRequestRecord, SimWebSocketRecord } from './records';

export type SimServerOptions = {
  port?: number;
  host?: string;
  /** Per-model overrides of the defaults (sim-fast 1,000 tok/s, sim-strong 80 tok/s); new names add models. */
  profiles?: Record<string, Partial<ModelProfile>>;
  /** Serve this fixture (fixtures/NAME.sse) for every chat request. */
  replay?: string;
  /** Requests (and WebSocket connections) kept in `requests` (oldest dropped first). */
  maxRecorded?: number;
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
  /** One record per WebSocket connection to /v1/responses. */
  websockets: Recorder['websockets'];
  events: SimEvents;
  /** Distinct TCP connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
};

const MAX_BODY = 8 * 1024 * 1024;
/** Responses kept for `previous_response_id` over HTTP. */
const STORED_RESPONSES = 1000;

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
  const recorder = new Recorder(options.maxRecorded ?? 500);
  const ctx: SimContext = {
    profiles: resolveProfiles(options.profiles),
    faults: new FaultBudget(),
    recorder,
    responses: new BoundedStore(STORED_RESPONSES),
  };
  const { events } = recorder;
  const socketIds = new WeakMap<Socket, number>();
  let connections = 0;

  const server = http.createServer((req, res) => {
    const record = recorder.open({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      connection: socketIds.get(req.socket) ?? 0,
      hasApiKey: /^Bearer\s+\S/.test(req.headers.authorization ?? ''),
    });
    let stop: (() => void) | null = null;
    res.on('close', () => {
      stop?.();
      recorder.close(record, !res.writableFinished);
    });
    handle(req, res, record, (s) => (stop = s)).catch((err: Error) => {
      if (!res.headersSent) sendError(res, record, 500, { message: err.message, type: 'server_error', code: null });
      else res.destroy();
    });
  });

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: SimRequestRecord,
    setStop: (stop: () => void) => void,
  ): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      events.emit('request', record);
      const data = Object.keys(ctx.profiles).map((id) => ({
        id,
        object: 'model',
        created: 0,
        owned_by: 'tandem-simulator',
      }));
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data }));
      return;
    }
    const api =
      path === '/v1/chat/completions'
        ? 'chat'
        : path === '/v1/responses'
          ? 'responses'
          : path === '/v1/completions'
            ? 'completions'
            : null;
    if (req.method !== 'POST' || api === null) {
      events.emit('request', record);
      return sendError(res, record, 404, {
        message: `no route ${req.method} ${path}`,
        type: 'invalid_request_error',
        code: 'not_found',
      });
    }
    record.api = api;
    const raw = await readBody(req);
    record.bytesIn = Buffer.byteLength(raw);
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
    const body = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    const named = splitModelName(typeof body.model === 'string' ? body.model : '');
    record.model = named.model || null;
    record.fault = header(req, FAULT_HEADER) ?? metadataFault(body) ?? named.fault;
    record.replay = api === 'chat' ? (header(req, REPLAY_HEADER) ?? options.replay ?? null) : null;
    events.emit('request', record);

    if (record.replay !== null) return replay(res, record, setStop);
    let fault: Fault | null;
    try {
      fault = record.fault === null ? null : ctx.faults.take(record.fault);
      if (fault === null) record.fault = null;
    } catch (err) {
      return sendError(res, record, 400, {
        message: (err as Error).message,
        type: 'invalid_request_error',
        code: 'invalid_fault',
      });
    }
    const call: HttpCall = { req, res, record, raw, json: body, model: named.model, fault, setStop };
    if (api === 'completions') return answerCompletions(ctx, call);
    return api === 'chat' ? answerChat(ctx, call) : answerResponses(ctx, call);
  }

  function replay(res: http.ServerResponse, record: SimRequestRecord, setStop: (s: () => void) => void): void {
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
      recorder.chunk(record, { at: performance.now(), due: 0, bytes: chunk.length, tokens: 0 });
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
  const webSockets = attachResponsesWebSocket(server, ctx, (socket) => socketIds.get(socket) ?? 0);

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
    profiles: ctx.profiles,
    requests: recorder.requests,
    websockets: recorder.websockets,
    events,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        webSockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}
