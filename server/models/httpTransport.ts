// Model calls over HTTP: one keep-alive connection pool per lane, a streamed POST whose SSE body is
// read by the API's parser (chat completions or responses), a plain POST for small non-streamed
// jobs, and prewarm() so the first real request pays no TCP/TLS handshake. Aborting the caller's
// signal destroys the upstream socket at once (HTTP/1.1 has no other way to stop a response).
// Tokens that arrive in one network read go on as one text event.
import type { Dispatcher } from 'undici';
import { readErrorPayload } from './chatStream';
import { CallClock, describeThrown, type CallOutcomes } from './callClock';
import type { LaneConfig } from './config';
import { parseRetryAfter, upstreamError, type ModelError } from './errors';
import { KeepAlivePool } from './pool';
import type { ModelStreamEvent, ParsedStreamEvent } from './types';

export type StreamParser = { push(chunk: Uint8Array): ParsedStreamEvent[]; end(): ParsedStreamEvent[] };
export type PrewarmResult = { ok: true; ms: number } | { ok: false; ms: number; error: string };

const MAX_ERROR_BODY = 64 * 1024;
/** How long a finished stream may take to end its body before its connection is dropped. */
const DRAIN_MS = 2_000;

export type HttpTransport = ReturnType<typeof createHttpTransport>;

/**
 * One text event per run of text in a network read: tokens that arrived together are stamped,
 * yielded and handled once (under load a read holds several; alone, one token is one read).
 */
export function joinText(events: ParsedStreamEvent[]): ParsedStreamEvent[] {
  if (events.length < 2) return events;
  const out: ParsedStreamEvent[] = [];
  for (const event of events) {
    const last = out[out.length - 1];
    if (last?.type === 'text' && event.type === 'text')
      out[out.length - 1] = { type: 'text', text: last.text + event.text };
    else out.push(event);
  }
  return out;
}

export function createHttpTransport(lane: LaneConfig, baseUrl: string, who: string, outcomes?: CallOutcomes) {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const secrets = [lane.apiKey];
  const pool = new KeepAlivePool(url.origin, lane.maxConnections, {
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { timeout: 10_000 },
  });
  const pathOf = (endpoint: string) => `${prefix}/${endpoint}${url.search}`;
  let bytesSent = 0;

  function headers(extra: Record<string, string> | undefined, accept: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept,
      ...(lane.apiKey ? { authorization: `Bearer ${lane.apiKey}` } : {}),
      ...extra,
    };
  }

  async function httpError(response: Dispatcher.ResponseData): Promise<ModelError> {
    let text = '';
    for await (const chunk of response.body) {
      if (text.length < MAX_ERROR_BODY) text += (chunk as Buffer).toString('utf8');
    }
    let report: ReturnType<typeof readErrorPayload> = null;
    try {
      report = readErrorPayload(JSON.parse(text));
    } catch {
      // not JSON: the raw text is the message
    }
    return upstreamError(
      who,
      {
        status: response.statusCode,
        code: report?.code ?? null,
        type: report?.errorType ?? null,
        message: report?.message ?? (text.trim() || `HTTP ${response.statusCode}`),
        retryAfterMs: parseRetryAfter(response.headers),
      },
      secrets,
    );
  }

  /** POSTs `body` to `endpoint` and yields the parsed, stamped events of its SSE answer. */
  async function* stream(
    endpoint: string,
    body: string,
    parser: StreamParser,
    options: { signal?: AbortSignal; headers?: Record<string, string> },
  ): AsyncGenerator<ModelStreamEvent, void, undefined> {
    const outer = options.signal;
    const internal = new AbortController();
    const signal = outer ? AbortSignal.any([outer, internal.signal]) : internal.signal;
    const clock = new CallClock(lane, who, secrets, () => internal.abort(clock.cause), outcomes);
    let responseBody: Dispatcher.ResponseData['body'] | null = null;
    let drainTimer: NodeJS.Timeout | undefined;
    const emit = (event: ParsedStreamEvent, at: number): ModelStreamEvent | null => {
      const stamped = clock.stamp(event, at);
      if (stamped?.type === 'finish') drainTimer = setTimeout(() => internal.abort(), DRAIN_MS);
      return stamped;
    };
    try {
      if (outer?.aborted) {
        yield clock.fail(clock.local('aborted', 'the request was aborted before it was sent'));
        return;
      }
      clock.start();
      bytesSent += Buffer.byteLength(body);
      let response;
      try {
        response = await pool.request({
          path: pathOf(endpoint),
          method: 'POST',
          headers: headers(options.headers, 'text/event-stream'),
          body,
          signal,
        });
      } catch (err) {
        yield clock.fail(clock.thrown(err, outer));
        return;
      }
      clock.timings.responseHeaders = performance.now();
      responseBody = response.body;
      if (response.statusCode >= 300) {
        yield clock.fail(await httpError(response).catch((err) => clock.thrown(err, outer)));
        return;
      }
      try {
        for await (const chunk of responseBody.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
          const at = performance.now();
          clock.timings.firstByte ??= at;
          // After the finish the rest of the body (normally only its end) is read, not parsed, so
          // the connection goes back to the pool before the generator returns.
          if (clock.flow === 'open') {
            for (const event of joinText(parser.push(chunk))) {
              const stamped = emit(event, at);
              if (stamped) yield stamped;
            }
          }
          if (clock.flow === 'failed') break;
        }
        if (clock.flow === 'open') {
          for (const event of parser.end()) {
            const stamped = emit(event, performance.now());
            if (stamped) yield stamped;
          }
        }
      } catch (err) {
        if (clock.flow === 'open') yield clock.fail(clock.thrown(err, outer));
      }
    } finally {
      clock.stop();
      clearTimeout(drainTimer);
      if (clock.flow === 'done' && responseBody !== null) {
        // The caller stopped iterating after the finish event: read what is left in the background.
        responseBody
          .dump({ limit: Number.MAX_SAFE_INTEGER, signal: AbortSignal.timeout(DRAIN_MS) })
          .catch(() => internal.abort());
      } else if (clock.flow !== 'done') {
        internal.abort();
      }
    }
  }

  /** A plain JSON POST (non-streamed answers); throws a ModelError. */
  async function post(
    endpoint: string,
    body: string,
    signal: AbortSignal,
    extraHeaders?: Record<string, string>,
  ): Promise<unknown> {
    const response = await pool.request({
      path: pathOf(endpoint),
      method: 'POST',
      headers: headers(extraHeaders, 'application/json'),
      body,
      signal,
    });
    if (response.statusCode >= 300) throw await httpError(response);
    return response.body.json().catch(() => undefined);
  }

  async function prewarm(): Promise<PrewarmResult> {
    const start = performance.now();
    try {
      const response = await pool.request({
        path: pathOf('models'),
        method: 'GET',
        headers: headers(undefined, 'application/json'),
        signal: AbortSignal.timeout(10_000),
      });
      await response.body.dump();
      return { ok: true, ms: performance.now() - start };
    } catch (err) {
      return { ok: false, ms: performance.now() - start, error: describeThrown(err, undefined, who, secrets).message };
    }
  }

  return { stream, post, prewarm, close: () => pool.close(), bytesSent: () => bytesSent };
}
