// Faults the simulated server injects on demand, chosen per request by the `x-sim-fault` header,
// a `metadata["x-sim-fault"]` field (Responses API, also over WebSocket) or a model-name suffix
// (`sim-fast+stall:5`). Parsing is pure; the server acts them out. A `*K`
// suffix limits a fault to the first K requests that name it, so a test can hold its first
// stream open until it interrupts it and still have the next one (a redirect) complete.
export const FAULT_HEADER = 'x-sim-fault';
export const REPLAY_HEADER = 'x-sim-replay';

export type Fault =
  | { kind: 'rate_limit'; retryAfterMs: number } // 429 rate_limit_exceeded + Retry-After
  | { kind: 'quota' } // 429 insufficient_quota
  | { kind: 'server_error' } // 500, OpenAI error body
  | { kind: 'overloaded' } // 503, vLLM-style flat error body
  | { kind: 'auth' } // 401 that echoes the key it was sent (tests that we redact it)
  | { kind: 'stall'; after: number } // stop sending after N tokens, keep the socket open
  | { kind: 'reset'; after: number } // TCP reset after N tokens
  | { kind: 'malformed'; after: number } // a chunk that is not JSON after N tokens
  | { kind: 'error'; after: number } // an `event: error` inside the 200 stream after N tokens
  | { kind: 'drop'; after: number } // WebSocket: terminate the socket after N tokens (HTTP: like reset)
  | { kind: 'steer_fail' }; // WebSocket: accept a steer of this response, then fail to commit it

/** Parses "429", "429:250" (retry after 250 ms), "stall:5", …; throws on anything else. */
export function parseFault(spec: string): Fault {
  const [name = '', arg] = spec.trim().toLowerCase().split(':');
  const n = arg === undefined ? 0 : Number(arg);
  if (!Number.isInteger(n) || n < 0) throw new Error(`fault "${spec}": the number after ':' must be a whole number`);
  switch (name) {
    case '429':
      return { kind: 'rate_limit', retryAfterMs: arg === undefined ? 1000 : n };
    case 'quota':
      return { kind: 'quota' };
    case '500':
      return { kind: 'server_error' };
    case '503':
      return { kind: 'overloaded' };
    case '401':
      return { kind: 'auth' };
    case 'stall':
    case 'reset':
    case 'malformed':
    case 'error':
    case 'drop':
      return { kind: name, after: n };
    case 'steer-fail':
      return { kind: 'steer_fail' };
    default:
      throw new Error(
        `unknown fault "${spec}": use 429[:ms], quota, 500, 503, 401, stall:N, reset:N, malformed:N, error:N, ` +
          `drop:N or steer-fail, each optionally followed by *K`,
      );
  }
}

/** Counts, per fault text, the requests that named it; one per server. */
export class FaultBudget {
  private readonly used = new Map<string, number>();

  /** The fault this request gets: null once a `fault*K` text has been given K times. Throws on a bad text. */
  take(spec: string): Fault | null {
    const star = spec.indexOf('*');
    const fault = parseFault(star === -1 ? spec : spec.slice(0, star));
    if (star === -1) return fault;
    const limit = Number(spec.slice(star + 1));
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`fault "${spec}": the number after '*' must be a whole number ≥ 1`);
    const key = spec.trim().toLowerCase();
    const used = this.used.get(key) ?? 0;
    this.used.set(key, used + 1);
    return used < limit ? fault : null;
  }
}

/** "sim-fast+stall:5" → { model: "sim-fast", fault: "stall:5" }. */
export function splitModelName(model: string): { model: string; fault: string | null } {
  const plus = model.indexOf('+');
  return plus === -1 ? { model, fault: null } : { model: model.slice(0, plus), fault: model.slice(plus + 1) };
}

/** A fault named in a request body's `metadata["x-sim-fault"]` (how a WebSocket `response.create` asks). */
export function metadataFault(body: Record<string, unknown>): string | null {
  const metadata = body.metadata;
  if (typeof metadata !== 'object' || metadata === null) return null;
  const value = (metadata as Record<string, unknown>)[FAULT_HEADER];
  return typeof value === 'string' && value !== '' ? value : null;
}
