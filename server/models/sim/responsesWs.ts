// The Responses API's WebSocket mode on the simulated server (upgrade on GET /v1/responses): JSON
// text frames in (`response.create`, `response.steer`), the SSE stream's events out, one frame each.
// As on OpenAI's default lane and xAI, a connection runs one response at a time: a `response.create`
// that arrives while one is active is queued (FIFO, at most 16) and starts when the connection is
// idle again — the active response completed or failed, or was steered and its successor is done.
// `previous_response_id` is answered from the connection's own store (its last 64 responses, so
// only new input is prefilled); a steer ends the active response at the next step boundary and
// starts its successor, which prefills only the steer input. There is no in-band cancel (the
// public API has none; `response.cancel` belongs to the Realtime API): a client stops a response
// by closing the socket, which stops it at once and records it, and any queued ones, as aborted.
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { metadataFault, splitModelName, type Fault } from './faults';
import { BoundedStore, type SimContext, type SimRequestRecord, type SimWebSocketRecord } from './records';
import { ResponseRun, type Ended, type Plan } from './responseRun';
import { planSuccessor, prepareCreate, steerKey, type CreateMeta } from './responsesCreate';
import { inputSchema, itemsToMessages, type RequestError } from './responsesRequest';
import { faultAnswer } from './simErrors';
import type { SimMessage } from './simRequest';
import { hash32 } from './simWire';
import { responsesWsSink, sendFrame } from './sinks';

const PATH = '/v1/responses';
/** Responses each connection keeps for previous_response_id. */
const CONNECTION_STORE = 64;
/** `response.create` events a connection queues behind its active response. */
const MAX_QUEUED = 16;

type Active = CreateMeta & { run: ResponseRun; steering: boolean };
/** A `response.create` as it arrived: its record is open, the rest is checked when it starts. */
type Queued = { record: SimRequestRecord; fields: Frame; model: string; text: string };

type Frame = { type?: unknown; [key: string]: unknown };

export function attachResponsesWebSocket(
  server: http.Server,
  ctx: SimContext,
  connectionOf: (socket: Socket) => number,
): { close(): void } {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '/').split('?')[0] !== PATH) {
      const body = JSON.stringify({ error: { message: `no WebSocket route ${req.url}`, code: 'not_found' } });
      socket.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const tcp = socket as Socket;
      new Connection(ctx, ws, tcp, connectionOf(tcp), req.headers.authorization ?? '');
    });
  });
  return {
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

class Connection {
  private active: Active | null = null;
  private readonly queue: Queued[] = [];
  private readonly local = new BoundedStore<SimMessage[]>(CONNECTION_STORE);
  private readonly record: SimWebSocketRecord;

  constructor(
    private readonly ctx: SimContext,
    private readonly ws: WebSocket,
    private readonly socket: Socket,
    private readonly connection: number,
    /** The upgrade request's Authorization header (the 401 fault echoes it, as HTTP does). */
    private readonly authorization: string,
  ) {
    this.record = ctx.recorder.openWebSocket(connection, this.hasApiKey);
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', () => {
      this.record.closedAt = performance.now();
      const active = this.active;
      if (active !== null && !active.run.done) {
        active.run.abort();
        ctx.recorder.close(active.run.record, true);
      }
      for (const queued of this.queue.splice(0)) ctx.recorder.close(queued.record, true);
    });
  }

  private get hasApiKey(): boolean {
    return /^Bearer\s+\S/.test(this.authorization);
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8');
    const bytes = Buffer.byteLength(text);
    this.record.framesIn++;
    this.record.bytesIn += bytes;
    let frame: Frame;
    try {
      frame = JSON.parse(text) as Frame;
      if (isBinary || typeof frame !== 'object' || frame === null) throw new Error('not an object');
    } catch {
      return this.error(400, 'invalid_json', 'The frame is not a JSON object (send JSON text frames).');
    }
    if (frame.type === 'response.create') return this.create(frame, text, bytes);
    if (frame.type === 'response.steer') return this.steer(frame, bytes);
    const message = `Unknown event type ${JSON.stringify(frame.type)}: use response.create or response.steer.`;
    this.error(400, 'unknown_event_type', message);
  }

  private send(event: object): void {
    sendFrame(this.ws, this.record, JSON.stringify(event));
  }

  private error(
    status: number,
    code: string,
    message: string,
    type = 'invalid_request_error',
    param = null as string | null,
  ): void {
    this.send({ type: 'error', status, error: { type, code, message, param } });
  }

  private requestError(record: SimRequestRecord, e: RequestError): void {
    record.status = e.status;
    this.error(e.status, e.code, e.message, e.type, e.param);
    this.ctx.recorder.close(record, false);
  }

  /** A response is active, or creates are waiting their turn (a new one queues behind them). */
  private get busy(): boolean {
    return (this.active !== null && !this.active.run.done) || this.queue.length > 0;
  }

  private create(frame: Frame, text: string, bytes: number): void {
    if (this.busy && this.queue.length >= MAX_QUEUED) {
      const message = `${MAX_QUEUED} responses are already queued on this connection; wait for one to finish.`;
      return this.error(400, 'too_many_queued_responses', message);
    }
    const fields: Frame = { ...frame };
    for (const key of ['type', 'stream', 'background']) delete fields[key];
    const named = splitModelName(typeof fields.model === 'string' ? fields.model : '');
    const record = this.open({ bytesIn: bytes, body: frame, model: named.model || null });
    record.fault = metadataFault(fields) ?? named.fault;
    this.ctx.recorder.events.emit('request', record);
    const queued = { record, fields, model: named.model, text };
    if (this.busy) this.queue.push(queued);
    else this.begin(queued);
  }

  /** Starts queued responses, oldest first, while the connection is idle. */
  private next(): void {
    while (this.active === null || this.active.run.done) {
      const queued = this.queue.shift();
      if (queued === undefined) return;
      this.begin(queued);
    }
  }

  /** Checks a create and starts its response, or answers it with an error. */
  private begin({ record, fields, model, text }: Queued): void {
    const { ctx } = this;
    let fault: Fault | null;
    try {
      fault = record.fault === null ? null : ctx.faults.take(record.fault);
      if (fault === null) record.fault = null;
    } catch (err) {
      const e = {
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_fault',
        param: null,
        message: (err as Error).message,
      };
      return this.requestError(record, e);
    }
    const prepared = prepareCreate(ctx, {
      fields,
      model,
      fault,
      text,
      lookup: (id) => this.local.get(id),
      historyCached: true,
    });
    if ('status' in prepared) return this.requestError(record, prepared);
    const refused = fault === null ? null : faultAnswer(fault, this.authorization);
    if (refused !== null) {
      const { error, status } = refused;
      return this.requestError(record, { ...error, code: error.code ?? 'server_error', param: null, status });
    }
    this.start(record, prepared.plan, prepared.meta);
  }

  private open(fields: Partial<SimRequestRecord>): SimRequestRecord {
    return this.ctx.recorder.open({
      method: 'WS',
      path: PATH,
      connection: this.connection,
      hasApiKey: this.hasApiKey,
      transport: 'websocket',
      api: 'responses',
      websocket: this.record.id,
      ...fields,
    });
  }

  private start(record: SimRequestRecord, plan: Plan, meta: CreateMeta): void {
    record.status = 200;
    const sink = responsesWsSink(this.ws, this.socket, this.record);
    const run = new ResponseRun(plan, record, sink, this.ctx.recorder, (ended) => this.ended(run, ended, meta.store));
    this.active = { ...meta, run, steering: false };
  }

  private ended(run: ResponseRun, ended: Ended, store: boolean): void {
    this.local.set(run.id, ended.stored);
    if (store && ended.outcome !== 'failed') this.ctx.responses.set(run.id, ended.stored);
    this.ctx.recorder.close(run.record, false);
    // A steered response's successor starts in its place; otherwise the connection is idle again.
    // The queue moves on once this response's stream has ended.
    if (ended.outcome !== 'incomplete') queueMicrotask(() => this.next());
  }

  private steer(frame: Frame, bytes: number): void {
    const id = typeof frame.previous_response_id === 'string' ? frame.previous_response_id : '';
    const input = inputSchema.safeParse(frame.input);
    if (!input.success) return this.error(400, 'invalid_request', `input: ${input.error.issues[0]!.message}`);
    const active = this.active;
    if (active === null || active.run.done || active.run.id !== id || active.steering) {
      const why = active?.steering && active.run.id === id ? 'is already being steered' : 'is not the active response';
      const error = { code: 'response_not_active', message: `Response '${id}' ${why} on this connection.` };
      return this.send({
        type: 'response.steer.failed',
        steer: { previous_response_id: id, input: frame.input },
        error,
      });
    }
    const key = steerKey(id, frame.input);
    const steer = { id: `steer_${hash32(key).toString(16).padStart(8, '0')}`, previous_response_id: id };
    active.run.send({ type: 'response.steer.accepted', steer });
    if (active.fault?.kind === 'steer_fail') {
      const error = {
        code: 'steer_not_committed',
        message: 'The steer was accepted but could not be committed (simulated).',
      };
      return active.run.send({ type: 'response.steer.failed', steer: { ...steer, input: frame.input }, error });
    }
    active.steering = true;
    active.run.steer((ended) => {
      const record = this.open({ bytesIn: bytes, body: frame, model: active.model, successorOf: id });
      this.ctx.recorder.events.emit('request', record);
      const plan = planSuccessor(active, id, ended, itemsToMessages(input.data), key);
      this.start(record, plan, { ...active, fault: null });
    });
  }
}
