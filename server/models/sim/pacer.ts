// Sends a simulated stream at the configured pace, to any sink (an SSE response or a WebSocket).
// There is no timer per token: each tick writes every step that is due (several in one write when
// the loop is behind), then sleeps until the next one is due, so 10,000+ tokens/s stay accurate.
// Backpressure waits for the sink to drain. Each write is recorded (time, due time, bytes, tokens)
// for benchmarks. A stream can be cut at the next step boundary (a steer's "safe boundary").
import type { ModelProfile } from './settings';

export type Step<T = string> =
  /** `accepted`: how many of the step's tokens match a Predicted Output (produced faster). */
  | { kind: 'write'; data: T; tokens: number; accepted?: number }
  | { kind: 'stall' } // stop sending, keep the connection open
  | { kind: 'reset' } // TCP reset
  | { kind: 'drop' } // close the connection abruptly (WebSocket terminate; HTTP: reset)
  | { kind: 'end' }; // end the response here

export type PaceProfile = Pick<ModelProfile, 'ttftMs' | 'tokensPerSecond' | 'jitter'> & Partial<ModelProfile>;

/** Deterministic PRNG (mulberry32) for jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When each step is due, in ms after the request arrived: the first token at `startMs` (TTFT plus
 * prefill), then 1/tps apart (± jitter); accepted prediction tokens `predictionSpeedup` times closer.
 */
export function dueTimes<T>(steps: Step<T>[], profile: PaceProfile, seed: number, startMs = profile.ttftMs): number[] {
  const random = seededRandom(seed);
  const gap = 1000 / profile.tokensPerSecond;
  const fastGap = gap / Math.max(1, profile.predictionSpeedup ?? 1);
  let t = startMs;
  let first = true;
  return steps.map((step) => {
    if (step.kind === 'write') {
      for (let k = 0; k < step.tokens; k++) {
        if (first) first = false;
        else t += (k < (step.accepted ?? 0) ? fastGap : gap) * (1 + profile.jitter * (2 * random() - 1));
      }
    }
    return t;
  });
}

/** When the first token is due: TTFT (or continueMs for a steer's successor) plus the prefill of the uncached input. */
export function firstTokenMs(
  profile: Pick<ModelProfile, 'ttftMs' | 'continueMs' | 'prefillTokensPerSecond'>,
  uncachedTokens: number,
  continuing = false,
): number {
  return (continuing ? profile.continueMs : profile.ttftMs) + (uncachedTokens / profile.prefillTokensPerSecond) * 1000;
}

/** One write: when (performance.now()), when it was due (ms after the start), bytes and tokens. */
export type ChunkRecord = { at: number; due: number; bytes: number; tokens: number };

/** Where a paced stream goes: the transport decides how a batch of step payloads is framed. */
export interface Sink<T> {
  write(batch: T[]): { bytes: number; flowing: boolean };
  onDrain(resume: () => void): void;
  end(): void;
  reset(): void;
  drop(): void;
}

export type Pacing = {
  stop(this: void): void;
  /** Stop at the next step boundary (at once if nothing was sent yet or the stream is held), report the steps sent. */
  cut(then: (sent: number) => void): void;
};

/** Plays `steps` on `sink` from `start` (performance.now()). */
export function pace<T>(
  sink: Sink<T>,
  steps: Step<T>[],
  due: number[],
  start: number,
  onChunk: (chunk: ChunkRecord) => void,
): Pacing {
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let pendingCut: ((sent: number) => void) | null = null;
  const stop = () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const tick = () => {
    timer = null;
    if (stopped) return;
    if (pendingCut !== null) {
      stop();
      return pendingCut(next);
    }
    const now = performance.now() - start;
    const batch: T[] = [];
    let tokens = 0;
    let action: Step['kind'] | null = null;
    while (next < steps.length && due[next]! <= now) {
      const step = steps[next++]!;
      if (step.kind === 'write') {
        batch.push(step.data);
        tokens += step.tokens;
      } else {
        action = step.kind;
        break;
      }
    }
    let flowing = true;
    if (batch.length > 0) {
      const written = sink.write(batch);
      flowing = written.flowing;
      onChunk({ at: performance.now(), due: due[next - 1]!, bytes: written.bytes, tokens });
    }
    if (action === 'stall') return stop();
    if (action === 'reset' || action === 'drop') {
      stop();
      return action === 'reset' ? sink.reset() : sink.drop();
    }
    if (action === 'end' || next >= steps.length) {
      stop();
      return sink.end();
    }
    if (!flowing) return sink.onDrain(tick);
    timer = setTimeout(tick, Math.max(0, due[next]! - (performance.now() - start)));
  };

  timer = setTimeout(tick, Math.max(0, due[0]! - (performance.now() - start)));
  return {
    stop,
    cut(then) {
      if (stopped || next === 0) {
        stop();
        then(next);
      } else pendingCut = then;
    },
  };
}
