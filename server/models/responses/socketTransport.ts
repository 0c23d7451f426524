// Model calls over the Responses API's WebSocket mode: a small pool of long-lived sockets per lane
// (one response each at a time), `response.create` per call, `previous_response_id` when a chain
// continues on the socket that holds it, and `response.steer` while a response is active. The
// public API has no in-band cancel, so an interrupt closes that socket (the provider stops the
// response when its connection goes) and a fresh one is opened in the background for the next
// turn. A socket that drops before anything was yielded is retried once on a new socket; after
// that, the call ends with a clear error. Connects back off after failures.
import { CallClock, type CallOutcomes } from '../callClock';
import { readErrorPayload } from '../chatStream';
import type { LaneConfig } from '../config';
import { parseRetryAfter, upstreamError } from '../errors';
import type { PrewarmResult } from '../httpTransport';
import type { SteerHandle } from '../steering';
import type { ChatRequest, ModelStreamEvent } from '../types';
import { responsesFields, steerEvent } from './requestBody';
import type { ResponseChain } from './responseChain';
import { ResponsesEventReader } from './eventReader';
import { ResponsesSocket, UpgradeRefused } from './responsesSocket';
import { FrameQueue } from './frameQueue';

export type SocketCallOptions = { signal?: AbortSignal; chain?: ResponseChain; steering?: SteerHandle };

/** Errors after which the call is sent again, whole, on a fresh socket (nothing was shown yet). */
const RETRIED_CODES = new Set(['previous_response_not_found', 'websocket_connection_limit_reached']);
const BACKOFF_MS = [0, 250, 500, 1_000, 2_000, 4_000, 8_000];
const MAX_ERROR_BODY = 2_000;

export type SocketTransport = ReturnType<typeof createSocketTransport>;

export function createSocketTransport(lane: LaneConfig, baseUrl: string, who: string, outcomes?: CallOutcomes) {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/responses`;
  const headers: Record<string, string> = lane.apiKey ? { authorization: `Bearer ${lane.apiKey}` } : {};
  const secrets = [lane.apiKey];
  const sockets = new Set<ResponsesSocket>();
  const waiting: (() => void)[] = [];
  let failures = 0;
  let nextConnectAt = 0;
  let bytesSent = 0;
  let shut = false;
  const send = (socket: ResponsesSocket, text: string) => {
    bytesSent += Buffer.byteLength(text);
    socket.send(text);
  };

  // Waiters for a socket look again whenever one opens, frees up, fails to open or goes.
  const wake = () => waiting.splice(0).forEach((w) => w());
  const gone = (socket: ResponsesSocket) => {
    sockets.delete(socket);
    wake();
  };

  async function connect(): Promise<ResponsesSocket> {
    const wait = nextConnectAt - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const socket = new ResponsesSocket(url.href, headers, gone);
    sockets.add(socket);
    try {
      await socket.ready;
      failures = 0;
      return socket;
    } catch (err) {
      failures++;
      nextConnectAt = performance.now() + BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)]!;
      throw connectError(err);
    } finally {
      if (!socket.opened) sockets.delete(socket);
      wake();
    }
  }

  /** A refused upgrade read like an HTTP error (401 → auth, 429 → rate limit), without the key. */
  function connectError(err: unknown): unknown {
    if (!(err instanceof UpgradeRefused)) return err;
    let report: ReturnType<typeof readErrorPayload> = null;
    try {
      report = readErrorPayload(JSON.parse(err.body));
    } catch {
      // not JSON: the raw text is the message
    }
    const message = report?.message ?? (err.body.trim().slice(0, MAX_ERROR_BODY) || err.message);
    const retryAfterMs = parseRetryAfter(err.headers);
    const init = { status: err.status, code: report?.code ?? null, type: report?.errorType ?? null, retryAfterMs };
    return upstreamError(who, { ...init, message }, secrets);
  }

  /** The chain's socket when it is free, else any free one, else a new one, else wait for one. */
  async function acquire(preferred: object | null, stop: AbortSignal): Promise<ResponsesSocket> {
    for (;;) {
      if (shut) throw new Error('the model connection was closed');
      if (stop.aborted) throw stop.reason;
      for (const s of sockets) if (s === preferred && s.usable) return s;
      for (const s of sockets) if (s.usable) return s;
      if (sockets.size < lane.maxConnections) return untilAborted(connect(), stop);
      await untilAborted(new Promise<void>((r) => waiting.push(r)), stop);
    }
  }

  /** Ends a socket the call cannot leave as it is (an interrupt), and keeps one ready for the next turn. */
  function drop(socket: ResponsesSocket): void {
    const interrupted = !socket.closed;
    if (interrupted) socket.terminate();
    sockets.delete(socket);
    wake();
    if (interrupted && !shut && ![...sockets].some((s) => s.usable) && sockets.size < lane.maxConnections) {
      connect().catch(() => undefined);
    }
  }

  async function* stream(
    request: ChatRequest,
    options: SocketCallOptions = {},
  ): AsyncGenerator<ModelStreamEvent, void, undefined> {
    const { signal, chain, steering } = options;
    // The caller's abort and the watchdog's timeouts stop the call the same way, wherever it is.
    const internal = new AbortController();
    const stop = signal ? AbortSignal.any([signal, internal.signal]) : internal.signal;
    const clock = new CallClock(lane, who, secrets, () => internal.abort(clock.cause), outcomes);
    const aborted = () => clock.cause ?? clock.local('aborted', 'the request was aborted');
    if (signal?.aborted) {
      yield clock.fail(clock.local('aborted', 'the request was aborted before it was sent'));
      return;
    }
    clock.start();
    try {
      for (let attempt = 0; ; attempt++) {
        let socket: ResponsesSocket;
        try {
          socket = await acquire(chain?.holder ?? null, stop);
        } catch (err) {
          yield clock.fail(stop.aborted ? aborted() : clock.thrown(err, signal));
          return;
        }
        if (stop.aborted) {
          // Aborted as the socket opened: it was not used, it stays in the pool.
          yield clock.fail(aborted());
          return;
        }
        const queue = new FrameQueue(stop, () => drop(socket));
        socket.hold(queue);
        const plan = chain?.plan(request.messages, socket) ?? {
          previousResponseId: null,
          newMessages: request.messages,
        };
        const reader = new ResponsesEventReader();
        let activeId: string | null = null;
        let steered = false;
        let yielded = false;
        let retry = false;
        const bindSteer = (id: string) =>
          steering?.bind((input) => {
            if (socket.closed) return false;
            send(socket, steerEvent(id, input));
            return true;
          });
        try {
          send(socket, JSON.stringify({ type: 'response.create', ...responsesFields(lane.model, request, plan) }));
          reading: for (;;) {
            const next = await queue.next();
            const at = performance.now();
            if (next.kind === 'aborted') {
              yield clock.fail(aborted());
              return;
            }
            if (next.kind === 'closed') {
              if (!yielded && attempt === 0) {
                retry = true;
                break;
              }
              yield clock.fail(clock.local('network', `${next.reason} before the response was complete`));
              return;
            }
            clock.timings.firstByte ??= at;
            let payload: unknown;
            try {
              payload = JSON.parse(next.text);
            } catch {
              payload = null;
            }
            const events =
              payload === null ? reader.malformed(`not JSON: ${next.text.slice(0, 120)}`) : reader.read(payload);
            // Nothing can be steered once the call's last event is read (the caller may hold on to it).
            if (reader.done) steering?.unbind();
            for (const event of events) {
              if (event.type === 'response-created') {
                if (activeId !== null && steered) {
                  steered = false;
                  yield { type: 'successor', id: event.id, at, timings: { ...clock.timings } };
                }
                activeId = event.id;
                if (!reader.done) bindSteer(event.id);
                continue;
              }
              if (event.type === 'steered') {
                steered = true;
                steering?.unbind();
                continue;
              }
              if (event.type === 'stream-error' && RETRIED_CODES.has(event.code ?? '') && !yielded) {
                // The connection no longer holds the chain, or is at its age limit: send the whole history once more.
                chain?.reset();
                if (event.code === 'websocket_connection_limit_reached') socket.terminate();
                if (attempt === 0) {
                  retry = true;
                  break reading;
                }
              }
              const stamped = clock.stamp(event, at);
              if (stamped === null) continue;
              if (stamped.type === 'text' || stamped.type === 'tool-call-delta') yielded = true;
              yield stamped;
            }
            if (reader.done) break;
          }
          if (retry) continue;
          if (clock.flow === 'done' && activeId !== null) chain?.record(request.messages, activeId, socket);
          return;
        } finally {
          steering?.unbind();
          queue.dispose();
          // Reused only after a response that ended cleanly; anything else may still be streaming on it.
          const clean = reader.done && (clock.flow === 'done' || activeId === null);
          if (clean && !socket.closed) {
            socket.release();
            wake();
          } else drop(socket);
        }
      }
    } finally {
      clock.stop();
    }
  }

  async function prewarm(): Promise<PrewarmResult> {
    const start = performance.now();
    try {
      if (![...sockets].some((s) => s.usable)) await connect();
      return { ok: true, ms: performance.now() - start };
    } catch (err) {
      return { ok: false, ms: performance.now() - start, error: clock0(err) };
    }
  }

  const clock0 = (err: unknown) => new CallClock(lane, who, secrets, () => undefined).thrown(err, undefined).message;

  async function close(): Promise<void> {
    shut = true;
    for (const s of sockets) s.close();
    sockets.clear();
    wake();
  }

  /** Bytes of client frames sent so far, over every socket (figures: bytes upstream per turn). */
  return { stream, prewarm, close, bytesSent: () => bytesSent };
}

/** The promise's value, unless `stop` aborts first (then its reason is thrown). */
function untilAborted<T>(promise: Promise<T>, stop: AbortSignal): Promise<T> {
  if (stop.aborted) return Promise.reject(stop.reason as Error);
  let onAbort = () => undefined as void;
  const abort = new Promise<never>((_, reject) => {
    onAbort = () => reject(stop.reason as Error);
    stop.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, abort]).finally(() => stop.removeEventListener('abort', onAbort));
}
