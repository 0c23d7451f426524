// Sends a simulated stream at the configured pace. There is no timer per token: each tick writes
// every step that is due (several in one write when the loop is behind), then sleeps until the next
// one is due, so 10,000+ tokens/s stay accurate. Backpressure waits for 'drain'. Each write is
// recorded (time, bytes, tokens) for benchmarks.
import type { ServerResponse } from 'node:http';
import type { ModelProfile } from './settings';
import type { Step } from './simWire';

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

/** When each step is due, in ms after the request arrived: the first token at TTFT, then 1/tps apart (± jitter). */
export function dueTimes(steps: Step[], profile: ModelProfile, seed: number): number[] {
  const random = seededRandom(seed);
  const gap = 1000 / profile.tokensPerSecond;
  let t = profile.ttftMs;
  let first = true;
  return steps.map((step) => {
    if (step.kind === 'write') {
      for (let k = 0; k < step.tokens; k++) {
        if (first) first = false;
        else t += gap * (1 + profile.jitter * (2 * random() - 1));
      }
    }
    return t;
  });
}

export type ChunkRecord = { at: number; bytes: number; tokens: number };

export type PaceHooks = {
  onChunk(chunk: ChunkRecord): void;
  onReset(): void;
};

/** Plays `steps` on `res` from `start` (performance.now()); returns a function that stops it. */
export function pace(res: ServerResponse, steps: Step[], due: number[], start: number, hooks: PaceHooks): () => void {
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  const tick = () => {
    timer = null;
    if (stopped) return;
    const now = performance.now() - start;
    let batch = '';
    let tokens = 0;
    let action: Step['kind'] | null = null;
    while (next < steps.length && due[next]! <= now) {
      const step = steps[next++]!;
      if (step.kind === 'write') {
        batch += step.data;
        tokens += step.tokens;
      } else {
        action = step.kind;
        break;
      }
    }
    let flowing = true;
    if (batch !== '') {
      flowing = res.write(batch);
      hooks.onChunk({ at: performance.now(), bytes: Buffer.byteLength(batch), tokens });
    }
    if (action === 'stall') return stop();
    if (action === 'reset') {
      stop();
      hooks.onReset();
      return;
    }
    if (action === 'end' || next >= steps.length) {
      stop();
      res.end();
      return;
    }
    if (!flowing) {
      res.once('drain', tick);
      return;
    }
    timer = setTimeout(tick, Math.max(0, due[next]! - (performance.now() - start)));
  };

  timer = setTimeout(tick, Math.max(0, due[0]! - (performance.now() - start)));
  return stop;
}
