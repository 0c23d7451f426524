// What every streamed model call does whatever its transport (HTTP or WebSocket) or API (chat or
// responses): stamp parsed events with `performance.now()` and the call's timings, keep the
// time-to-first-token and stall watchdog fed, and turn parser failures and thrown errors into
// `ModelError`s that name the lane and never carry its key.
import type { LaneConfig } from './config';
import { localError, ModelError, upstreamError } from './errors';
import type { ModelStreamEvent, ParsedStreamEvent, StreamTimings } from './types';
import { Watchdog } from './watchdog';

export type CallFlow = 'open' | 'done' | 'failed';

/** Told how each call ended (the router's lane state listens): once per call, never per event. */
export type CallOutcomes = { failed(error: ModelError): void; succeeded(): void };

export class CallClock {
  readonly timings: StreamTimings = { requestSent: performance.now() };
  /** open → done (the finish came) | failed (an error ended it). */
  flow: CallFlow = 'open';
  /** A timeout that fired: the reason the call was aborted. */
  cause: ModelError | null = null;
  private readonly watchdog: Watchdog;

  constructor(
    lane: LaneConfig,
    private readonly who: string,
    private readonly secrets: readonly (string | null)[],
    onTimeout: () => void,
    private readonly outcomes?: CallOutcomes,
  ) {
    this.watchdog = new Watchdog(lane.ttftTimeoutMs, lane.stallTimeoutMs, (kind, waited) => {
      this.cause = localError(who, kind, `nothing for ${Math.round(waited)} ms`, secrets);
      onTimeout();
    });
  }

  start(): void {
    this.watchdog.start(this.timings.requestSent);
  }

  stop(): void {
    this.watchdog.stop();
  }

  fail(error: ModelError): ModelStreamEvent {
    this.flow = 'failed';
    this.watchdog.stop();
    this.outcomes?.failed(error);
    return { type: 'error', error, at: performance.now(), timings: { ...this.timings } };
  }

  local(kind: Parameters<typeof localError>[1], detail: string): ModelError {
    return localError(this.who, kind, detail, this.secrets);
  }

  private token(at: number): void {
    this.timings.firstToken ??= at;
    this.timings.lastToken = at;
    this.watchdog.token(at);
  }

  /** The error for something thrown while the call ran (a timeout's cause wins). */
  thrown(err: unknown, signal: AbortSignal | undefined): ModelError {
    if (this.cause) return this.cause;
    return describeThrown(err, signal, this.who, this.secrets);
  }

  /** A parsed event as the caller sees it; null for the transport's own events (response ids, steered). */
  stamp(event: ParsedStreamEvent, at: number): ModelStreamEvent | null {
    const timings = this.timings;
    switch (event.type) {
      // Per token, so built as literals: V8 (Node 20) takes a slow path, about 1.5 µs, for a
      // spread followed by properties the spread object lacks (`{ ...event, at }`).
      case 'text':
        this.token(at);
        return { type: 'text', text: event.text, at, timings: { ...timings } };
      case 'tool-call-delta': {
        this.token(at);
        const { index, id, name, argumentsDelta } = event;
        return { type: 'tool-call-delta', index, id, name, argumentsDelta, at, timings: { ...timings } };
      }
      case 'tool-call':
      case 'usage':
      case 'steer':
        return { ...event, at, timings: { ...timings } };
      case 'finish':
        this.flow = 'done';
        this.watchdog.stop();
        this.outcomes?.succeeded();
        return { ...event, at, timings: { ...timings } };
      case 'response-created':
      case 'steered':
        return null;
      case 'stream-error':
        return this.fail(
          upstreamError(
            this.who,
            {
              status: event.status,
              code: event.code,
              type: event.errorType,
              message: event.message,
              retryAfterMs: null,
            },
            this.secrets,
          ),
        );
      case 'malformed':
        return this.fail(this.local('malformed', event.detail));
      case 'truncated':
        return this.fail(this.local('network', 'the connection closed before the response was complete'));
    }
  }
}

export function describeThrown(
  err: unknown,
  signal: AbortSignal | undefined,
  who: string,
  secrets: readonly (string | null)[],
): ModelError {
  if (signal?.aborted) return localError(who, 'aborted', 'the request was aborted', secrets);
  if (err instanceof ModelError) return err;
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const detail = `${e.message ?? String(err)}${code ? ` (${code})` : ''}`;
  return localError(who, 'network', detail, secrets);
}
