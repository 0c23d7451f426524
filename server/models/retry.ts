// Retrying is the caller's decision (the fast lane should not silently wait; the background lane
// should). This helper retries retryable ModelErrors with exponential backoff and full jitter,
// honouring the server's Retry-After, and gives up when the wait would exceed `maxDelayMs`.
import { ModelError } from './errors';

export type RetryOptions = {
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: ModelError, attempt: number, delayMs: number) => void;
  /** Injectable for tests: a number in [0, 1). */
  random?: () => number;
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before retry number `attempt` (1-based), or null when the error should not be retried. */
export function retryDelay(error: unknown, attempt: number, options: RetryOptions = {}): number | null {
  const { retries = 3, baseDelayMs = 500, maxDelayMs = 30_000, random = Math.random } = options;
  if (!(error instanceof ModelError) || !error.retryable || attempt > retries) return null;
  const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * (0.5 + random() / 2);
  const delay = error.retryAfterMs !== null ? Math.max(error.retryAfterMs, 0) : backoff;
  return delay > maxDelayMs ? null : Math.round(delay);
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const delay = retryDelay(error, attempt, options);
      if (delay === null) throw error;
      options.onRetry?.(error as ModelError, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}
