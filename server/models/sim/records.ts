// What the simulated server remembers: for tests and benchmarks, one record per HTTP request and per
// response created over a WebSocket (arrival, close, abort, body, chunk times, prefill and cache,
// bytes in) and one per WebSocket connection; for the model, the bounded stores behind
// `previous_response_id`. SimContext is the state every transport's handler shares.
import { EventEmitter } from 'node:events';
import type { FaultBudget } from './faults';
import type { ChunkRecord } from './pacer';
import type { ModelProfile } from './settings';
import type { SimMessage } from './simRequest';

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
  api: 'chat' | 'responses' | 'completions' | null;
  transport: 'http' | 'websocket';
  /** Over WebSocket: the id of the connection's record in `websockets`. */
  websocket: number | null;
  /** Bytes of the request body, or of the WebSocket frame (0 for a steer's successor). */
  bytesIn: number;
  /** Input tokens the model had to read (uncached), and input tokens it already held. */
  prefillTokens: number;
  cachedTokens: number;
  /** Responses API: the response's id and its terminal status (null until it ends). */
  responseId: string | null;
  outcome: 'completed' | 'incomplete' | 'failed' | null;
  /** This response was ended by a steer; this response is the successor of the steered one. */
  steered: boolean;
  successorOf: string | null;
  /** Chat completions with a Predicted Output: answer tokens accepted, prediction tokens rejected. */
  prediction: { acceptedTokens: number; rejectedTokens: number } | null;
};

export type SimWebSocketRecord = {
  id: number;
  connection: number;
  openedAt: number;
  closedAt: number | null;
  hasApiKey: boolean;
  framesIn: number;
  bytesIn: number;
  framesOut: number;
  bytesOut: number;
};

export type SimEvents = EventEmitter<{
  request: [SimRequestRecord];
  closed: [SimRequestRecord];
  connection: [number];
  websocket: [SimWebSocketRecord];
}>;

const MAX_CHUNK_RECORDS = 100_000;

export class Recorder {
  readonly requests: SimRequestRecord[] = [];
  readonly websockets: SimWebSocketRecord[] = [];
  readonly events: SimEvents = new EventEmitter();
  private nextId = 1;
  private nextSocket = 1;

  constructor(private readonly maxRecorded: number) {}

  open(fields: Pick<SimRequestRecord, 'method' | 'path' | 'connection' | 'hasApiKey'> & Partial<SimRequestRecord>) {
    const record: SimRequestRecord = {
      id: this.nextId++,
      arrivedAt: performance.now(),
      closedAt: null,
      aborted: false,
      status: null,
      model: null,
      fault: null,
      replay: null,
      body: null,
      chunks: [],
      tokensSent: 0,
      api: null,
      transport: 'http',
      websocket: null,
      bytesIn: 0,
      prefillTokens: 0,
      cachedTokens: 0,
      responseId: null,
      outcome: null,
      steered: false,
      successorOf: null,
      prediction: null,
      ...fields,
    };
    this.requests.push(record);
    if (this.requests.length > this.maxRecorded) this.requests.shift();
    return record;
  }

  chunk(record: SimRequestRecord, chunk: ChunkRecord): void {
    record.tokensSent += chunk.tokens;
    if (record.chunks.length < MAX_CHUNK_RECORDS) record.chunks.push(chunk);
  }

  close(record: SimRequestRecord, aborted: boolean): void {
    if (record.closedAt !== null) return;
    record.closedAt = performance.now();
    record.aborted = aborted;
    this.events.emit('closed', record);
  }

  openWebSocket(connection: number, hasApiKey: boolean): SimWebSocketRecord {
    const record: SimWebSocketRecord = {
      id: this.nextSocket++,
      connection,
      openedAt: performance.now(),
      closedAt: null,
      hasApiKey,
      framesIn: 0,
      bytesIn: 0,
      framesOut: 0,
      bytesOut: 0,
    };
    this.websockets.push(record);
    if (this.websockets.length > this.maxRecorded) this.websockets.shift();
    this.events.emit('websocket', record);
    return record;
  }
}

/** A map that keeps only the `max` most recently stored entries. */
export class BoundedStore<T> {
  private readonly map = new Map<string, T>();

  constructor(private readonly max: number) {}

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

export type SimContext = {
  profiles: Readonly<Record<string, ModelProfile>>;
  faults: FaultBudget;
  recorder: Recorder;
  /** Conversations (input and output, without instructions) of responses stored for previous_response_id. */
  responses: BoundedStore<SimMessage[]>;
};
