import { describe, expect, it } from 'vitest';
import { classifyUpstream, ModelError, parseRetryAfter, upstreamError } from './errors';
import { redactSecrets } from './redact';
import { retryDelay, withRetry } from './retry';

describe('classifyUpstream', () => {
  it.each([
    [{ status: 429, code: 'rate_limit_exceeded', type: 'requests' }, 'rate_limit'],
    [{ status: 429, code: 'insufficient_quota', type: 'insufficient_quota' }, 'quota'],
    [{ status: 401, code: 'invalid_api_key', type: null }, 'auth'],
    [{ status: 404, code: 'model_not_found', type: null }, 'bad_request'],
    [{ status: 503, code: '503', type: 'ServiceUnavailableError' }, 'overloaded'],
    [{ status: 529, code: null, type: 'overloaded_error' }, 'overloaded'],
    [{ status: 502, code: null, type: null }, 'server'],
    [{ status: null, code: 'rate_limit_exceeded', type: null }, 'rate_limit'],
    [{ status: null, code: null, type: 'server_error' }, 'server'],
  ] as const)('%j → %s', (e, kind) => expect(classifyUpstream(e)).toBe(kind));
});

describe('parseRetryAfter', () => {
  it('prefers retry-after-ms, then seconds, then an HTTP date', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(parseRetryAfter({ 'retry-after': '2' })).toBe(2000);
    expect(parseRetryAfter({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(parseRetryAfter({})).toBeNull();
  });
});

describe('redaction', () => {
  it('removes the known key and key-shaped strings', () => {
    expect(redactSecrets('bad key my-own-secret-123 and sk-abcdefghijklmnop', ['my-own-secret-123'])).toBe(
      'bad key [redacted] and [redacted]',
    );
    expect(redactSecrets('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: [redacted]');
    const e = upstreamError(
      'The fast model (m at h)',
      { status: 401, code: null, type: null, message: 'key secret-xyz-987 is wrong', retryAfterMs: null },
      ['secret-xyz-987'],
    );
    expect(e.message).toBe('The fast model (m at h) rejected the API key (HTTP 401): key [redacted] is wrong');
  });
});

describe('withRetry', () => {
  const rateLimited = (retryAfterMs: number | null) =>
    new ModelError({ kind: 'rate_limit', message: 'slow down', retryAfterMs });

  it('honours Retry-After and gives up when it is longer than maxDelayMs', () => {
    expect(retryDelay(rateLimited(1200), 1)).toBe(1200);
    expect(retryDelay(rateLimited(60_000), 1, { maxDelayMs: 30_000 })).toBeNull();
    expect(retryDelay(new ModelError({ kind: 'quota', message: 'no' }), 1)).toBeNull();
    expect(retryDelay(new Error('plain'), 1)).toBeNull();
    expect(retryDelay(rateLimited(null), 4, { retries: 3 })).toBeNull();
  });

  it('backs off exponentially with jitter', () => {
    const server = new ModelError({ kind: 'server', message: 'x' });
    expect(retryDelay(server, 1, { baseDelayMs: 100, random: () => 0.999 })).toBe(100);
    expect(retryDelay(server, 3, { baseDelayMs: 100, random: () => 0 })).toBe(200);
  });

  it('retries retryable errors until success', async () => {
    const seen: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw rateLimited(5);
        return 'ok';
      },
      { onRetry: (_e, attempt, delay) => seen.push(attempt, delay) },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 5, 2, 5]);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const run = withRetry(async () => Promise.reject(rateLimited(10_000)), { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(run).rejects.toThrow('stop');
  });
});
