// One error type for everything that can go wrong talking to a model, with what a caller needs to
// decide (kind, retryable, retry delay) and a sentence a person can read in the UI. Classification
// is pure: status + error body/headers in, ModelError out.
import { redactSecrets } from './redact';

export type ModelErrorKind =
  | 'auth' // 401/403: bad or missing key
  | 'bad_request' // 400/404/413/422: the request or model name is wrong
  | 'rate_limit' // 429 rate_limit_exceeded: wait and retry
  | 'quota' // 429 insufficient_quota: retrying will not help
  | 'overloaded' // 503/529: the provider is busy
  | 'server' // other 5xx, or an error reported inside the stream
  | 'network' // connection refused/reset, stream cut short
  | 'ttft_timeout' // no first token in time
  | 'stall_timeout' // tokens stopped arriving
  | 'malformed' // bytes that are not the API's stream format (chat completions or Responses)
  | 'aborted'; // the caller aborted

const RETRYABLE: Record<ModelErrorKind, boolean> = {
  auth: false,
  bad_request: false,
  rate_limit: true,
  quota: false,
  overloaded: true,
  server: true,
  network: true,
  ttft_timeout: true,
  stall_timeout: true,
  malformed: true,
  aborted: false,
};

export type ModelErrorInit = {
  kind: ModelErrorKind;
  message: string;
  status?: number | null;
  code?: string | null;
  retryAfterMs?: number | null;
  /** Secrets to scrub from the message (the provider's API key). */
  secrets?: readonly (string | null | undefined)[];
};

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly retryable: boolean;
  readonly status: number | null;
  readonly code: string | null;
  readonly retryAfterMs: number | null;

  constructor(init: ModelErrorInit) {
    super(redactSecrets(init.message, init.secrets));
    this.name = 'ModelError';
    this.kind = init.kind;
    this.retryable = RETRYABLE[init.kind];
    this.status = init.status ?? null;
    this.code = init.code ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** Reads `retry-after-ms` (OpenAI) or `retry-after` (seconds or an HTTP date). */
export function parseRetryAfter(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): number | null {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const ms = Number(first(headers['retry-after-ms']));
  if (first(headers['retry-after-ms']) !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = first(headers['retry-after']);
  if (raw === undefined || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export type UpstreamError = {
  status: number | null;
  code: string | null;
  type: string | null;
  message: string;
  retryAfterMs: number | null;
};

/** Maps an HTTP error or an in-stream error report to a kind. */
export function classifyUpstream(e: Pick<UpstreamError, 'status' | 'code' | 'type'>): ModelErrorKind {
  const tag = `${e.code ?? ''} ${e.type ?? ''}`.toLowerCase();
  if (tag.includes('insufficient_quota') || tag.includes('quota_exceeded')) return 'quota';
  if (e.status === 429 || tag.includes('rate_limit')) return 'rate_limit';
  if (e.status === 503 || e.status === 529 || tag.includes('overloaded')) return 'overloaded';
  if (e.status === 401 || e.status === 403 || tag.includes('invalid_api_key') || tag.includes('authentication'))
    return 'auth';
  if (e.status !== null && e.status >= 400 && e.status < 500 && e.status !== 408) return 'bad_request';
  return 'server';
}

const HEADLINE: Record<ModelErrorKind, string> = {
  auth: 'rejected the API key',
  bad_request: 'rejected the request',
  rate_limit: 'is rate-limiting requests',
  quota: 'says the account is out of quota',
  overloaded: 'is overloaded',
  server: 'reported a server error',
  network: 'could not be reached',
  ttft_timeout: 'did not start answering in time',
  stall_timeout: 'stopped streaming',
  malformed: 'sent data that is not a valid model stream',
  aborted: 'was cancelled',
};

/** `who` names the model for a person, e.g. "The fast model (gpt-4o-mini at api.openai.com)". */
export function upstreamError(who: string, e: UpstreamError, secrets: readonly (string | null)[]): ModelError {
  const kind = classifyUpstream(e);
  const status = e.status !== null ? ` (HTTP ${e.status})` : '';
  const wait =
    kind === 'rate_limit' && e.retryAfterMs !== null ? ` Retry in ${Math.ceil(e.retryAfterMs / 1000)} s.` : '';
  return new ModelError({
    kind,
    status: e.status,
    code: e.code,
    retryAfterMs: kind === 'rate_limit' || kind === 'overloaded' ? e.retryAfterMs : null,
    message: `${who} ${HEADLINE[kind]}${status}: ${e.message.slice(0, 500)}${wait}`,
    secrets,
  });
}

export function localError(
  who: string,
  kind: ModelErrorKind,
  detail: string,
  secrets: readonly (string | null)[],
): ModelError {
  return new ModelError({ kind, message: `${who} ${HEADLINE[kind]}: ${detail}`, secrets });
}
