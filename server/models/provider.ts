// The OpenAI-compatible provider: one keep-alive connection pool per lane, a streaming call that
// yields typed, time-stamped events, a non-streaming call for small jobs, and prewarm() so the
// first real request pays no TCP/TLS handshake. Aborting the caller's signal destroys the upstream
// socket at once (HTTP/1.1 has no other way to stop a response).
import type { Dispatcher } from 'undici';
import { ChatStreamParser, readErrorPayload } from './chatStream';
import type { ModelInfo } from '../../lib/protocol/fast';
import { describeLane, publicModelInfo, type LaneConfig } from './config';
import { localError, ModelError, parseRetryAfter, upstreamError } from './errors';
import type { ChatRequest, Completion, ModelStreamEvent, ParsedStreamEvent, StreamTimings } from './types';
import { KeepAlivePool } from './pool';
import { Watchdog } from './watchdog';
import { parseCompletion, requestBody } from './wire';

export type CallOptions = { signal?: AbortSignal };
export type PrewarmResult = { ok: true; ms: number } | { ok: false; ms: number; error: string };

export type ModelProvider = {
  readonly lane: LaneConfig;
  readonly info: ModelInfo;
  stream(request: ChatRequest, options?: CallOptions): AsyncGenerator<ModelStreamEvent, void, undefined>;
  complete(request: ChatRequest, options?: CallOptions): Promise<Completion>;
  prewarm(): Promise<PrewarmResult>;
  close(): Promise<void>;
};

const MAX_ERROR_BODY = 64 * 1024;
/** How long a finished stream may take to end its body before its connection is dropped. */
const DRAIN_MS = 2_000;

/** A simulated lane has no base URL of its own: pass the embedded simulated server's `baseUrl`. */
export function createProvider(lane: LaneConfig, simBaseUrl?: string): ModelProvider {
  const baseUrl = lane.simulated ? simBaseUrl : lane.baseUrl;
  if (!baseUrl) throw new Error(`the ${lane.lane} lane is simulated: start the simulated server and pass its baseUrl`);
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const chatPath = `${prefix}/chat/completions${url.search}`;
  const who = describeLane(lane);
  const secrets = [lane.apiKey];
  const pool = new KeepAlivePool(url.origin, lane.maxConnections, {
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { timeout: 10_000 },
  });

  function headers(request: ChatRequest | null, accept: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept,
      ...(lane.apiKey ? { authorization: `Bearer ${lane.apiKey}` } : {}),
      ...request?.headers,
    };
  }

  function thrown(err: unknown, signal: AbortSignal | undefined, cause: ModelError | null): ModelError {
    if (cause) return cause;
    if (signal?.aborted) return localError(who, 'aborted', 'the request was aborted', secrets);
    if (err instanceof ModelError) return err;
    const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
    const code = e.code ?? e.cause?.code ?? '';
    const detail = `${e.message ?? String(err)}${code ? ` (${code})` : ''}`;
    return localError(who, 'network', detail, secrets);
  }

  async function httpError(
    statusCode: number,
    responseHeaders: Record<string, string | string[] | undefined>,
    body: AsyncIterable<Buffer>,
  ): Promise<ModelError> {
    let text = '';
    for await (const chunk of body) {
      if (text.length < MAX_ERROR_BODY) text += chunk.toString('utf8');
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
        status: statusCode,
        code: report?.code ?? null,
        type: report?.errorType ?? null,
        message: report?.message ?? (text.trim() || `HTTP ${statusCode}`),
        retryAfterMs: parseRetryAfter(responseHeaders),
      },
      secrets,
    );
  }

  async function* stream(
    request: ChatRequest,
    options: CallOptions = {},
  ): AsyncGenerator<ModelStreamEvent, void, undefined> {
    const outer = options.signal;
    const internal = new AbortController();
    const signal = outer ? AbortSignal.any([outer, internal.signal]) : internal.signal;
    const timings: StreamTimings = { requestSent: performance.now() };
    let cause: ModelError | null = null;
    // open → done (finish seen: drain the body so the socket returns to the pool) | failed (abort it)
    const flow: { state: 'open' | 'done' | 'failed' } = { state: 'open' };
    let body: Dispatcher.ResponseData['body'] | null = null;
    let drainTimer: NodeJS.Timeout | undefined;
    const watchdog = new Watchdog(lane.ttftTimeoutMs, lane.stallTimeoutMs, (kind, waited) => {
      cause = localError(who, kind, `nothing for ${Math.round(waited)} ms`, secrets);
      internal.abort(cause);
    });
    const fail = (error: ModelError): ModelStreamEvent => {
      flow.state = 'failed';
      return { type: 'error', error, at: performance.now(), timings: { ...timings } };
    };
    const stamp = (event: ParsedStreamEvent, at: number): ModelStreamEvent => {
      switch (event.type) {
        case 'text':
        case 'tool-call-delta':
          timings.firstToken ??= at;
          timings.lastToken = at;
          watchdog.token(at);
          return { ...event, at, timings: { ...timings } };
        case 'tool-call':
        case 'usage':
          return { ...event, at, timings: { ...timings } };
        case 'finish':
          flow.state = 'done';
          watchdog.stop();
          drainTimer = setTimeout(() => internal.abort(), DRAIN_MS);
          return { ...event, at, timings: { ...timings } };
        case 'stream-error':
          return fail(
            upstreamError(
              who,
              {
                status: event.status,
                code: event.code,
                type: event.errorType,
                message: event.message,
                retryAfterMs: null,
              },
              secrets,
            ),
          );
        case 'malformed':
          return fail(localError(who, 'malformed', event.detail, secrets));
        case 'truncated':
          return fail(localError(who, 'network', 'the connection closed before the response was complete', secrets));
      }
    };
    try {
      if (outer?.aborted) {
        yield fail(localError(who, 'aborted', 'the request was aborted before it was sent', secrets));
        return;
      }
      watchdog.start(timings.requestSent);
      let response;
      try {
        response = await pool.request({
          path: chatPath,
          method: 'POST',
          headers: headers(request, 'text/event-stream'),
          body: requestBody(lane.model, request, true),
          signal,
        });
      } catch (err) {
        yield fail(thrown(err, outer, cause));
        return;
      }
      timings.responseHeaders = performance.now();
      body = response.body;
      if (response.statusCode >= 300) {
        yield fail(
          await httpError(response.statusCode, response.headers, body).catch((err) => thrown(err, outer, cause)),
        );
        return;
      }
      const parser = new ChatStreamParser();
      try {
        for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
          const at = performance.now();
          timings.firstByte ??= at;
          // After [DONE] the rest of the body (normally only its end) is read, not parsed, so the
          // connection goes back to the pool before the generator returns.
          if (flow.state === 'open') for (const event of parser.push(chunk)) yield stamp(event, at);
          if (flow.state === 'failed') break;
        }
        if (flow.state === 'open') for (const event of parser.end()) yield stamp(event, performance.now());
      } catch (err) {
        if (flow.state === 'open') yield fail(thrown(err, outer, cause));
      }
    } finally {
      watchdog.stop();
      clearTimeout(drainTimer);
      if (flow.state === 'done' && body !== null) {
        // The caller stopped iterating after the finish event: read what is left in the background.
        body
          .dump({ limit: Number.MAX_SAFE_INTEGER, signal: AbortSignal.timeout(DRAIN_MS) })
          .catch(() => internal.abort());
      } else if (flow.state !== 'done') {
        internal.abort();
      }
    }
  }

  async function complete(request: ChatRequest, options: CallOptions = {}): Promise<Completion> {
    const timeout = AbortSignal.timeout(lane.completeTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const timings: StreamTimings = { requestSent: performance.now() };
    try {
      const response = await pool.request({
        path: chatPath,
        method: 'POST',
        headers: headers(request, 'application/json'),
        body: requestBody(lane.model, request, false),
        signal,
      });
      timings.responseHeaders = performance.now();
      if (response.statusCode >= 300) throw await httpError(response.statusCode, response.headers, response.body);
      const json: unknown = await response.body.json().catch(() => undefined);
      timings.firstByte = timings.lastToken = performance.now();
      const result = parseCompletion(json, timings);
      if (typeof result === 'string') throw localError(who, 'malformed', result, secrets);
      return result;
    } catch (err) {
      if (timeout.aborted && !options.signal?.aborted) {
        throw localError(who, 'ttft_timeout', `no complete answer within ${lane.completeTimeoutMs} ms`, secrets);
      }
      throw thrown(err, options.signal, null);
    }
  }

  async function prewarm(): Promise<PrewarmResult> {
    const start = performance.now();
    try {
      const response = await pool.request({
        path: `${prefix}/models${url.search}`,
        method: 'GET',
        headers: headers(null, 'application/json'),
        signal: AbortSignal.timeout(10_000),
      });
      await response.body.dump();
      return { ok: true, ms: performance.now() - start };
    } catch (err) {
      return { ok: false, ms: performance.now() - start, error: thrown(err, undefined, null).message };
    }
  }

  return {
    lane,
    info: publicModelInfo(lane),
    stream,
    complete,
    prewarm,
    close: () => pool.close(),
  };
}
