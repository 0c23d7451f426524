import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaneConfig } from './config';
import { createProvider, type ModelProvider } from './provider';
import { formatEditRequest } from './formats/editRequest';
import { startSimServer, type SimRequestRecord, type SimServer } from './sim/server';
import { collect } from './testSupport';
import type { ChatRequest } from './types';

const KEY = 'sk-test-7f3a9c0e1b2d4f6a8c0e';

function lane(overrides: Partial<LaneConfig> = {}): LaneConfig {
  return {
    lane: 'fast',
    baseUrl: 'http://unused.invalid/v1',
    model: 'sim-fast',
    apiKey: KEY,
    apiKeySource: 'TEST_KEY',
    // Watchdogs far beyond any loaded machine's delays; the tests of the watchdogs set their own.
    simulated: false,
    ttftTimeoutMs: 60_000,
    stallTimeoutMs: 60_000,
    completeTimeoutMs: 5_000,
    maxConnections: 4,
    api: 'chat',
    transport: 'http',
    prediction: false,
    parallelToolCalls: null,
    ...overrides,
  };
}

const edit = (instruction: string, code: string): ChatRequest => ({
  messages: [
    { role: 'system', content: 'Rewrite the code.' },
    {
      role: 'user',
      content: formatEditRequest({
        instruction,
        path: 'src/app.ts',
        language: 'typescript',
        code,
        partial: null,
        correction: null,
      }),
    },
  ],
});
const CODE = 'let total = 0;\nfor (const x of xs) total += x;\nexport { total };\n';
const faulty = (fault: string): ChatRequest => ({
  ...edit('rename total to sum', CODE),
  headers: { 'x-sim-fault': fault },
});

let sim: SimServer;
let provider: ModelProvider;

beforeAll(async () => {
  sim = await startSimServer({
    profiles: {
      'sim-fast': { ttftMs: 5, tokensPerSecond: 5_000, jitter: 0 },
      'sim-crawl': { ttftMs: 0, tokensPerSecond: 2, jitter: 0 },
    },
  });
  provider = createProvider(lane({ baseUrl: sim.baseUrl }));
});
afterAll(async () => {
  await provider.close();
  await sim.close();
});

const lastRecord = () => sim.requests.at(-1)!;

describe('call outcomes', () => {
  it('tells its listener how each call ended, once per call', async () => {
    const log: string[] = [];
    const outcomes = { failed: (e: { kind: string }) => log.push(e.kind), succeeded: () => log.push('ok') };
    const watched = createProvider(lane({ baseUrl: sim.baseUrl }), undefined, outcomes);
    try {
      await collect(watched.stream(edit('rename total to sum', CODE)));
      await collect(watched.stream(faulty('429:10')));
      await collect(watched.stream(faulty('error:3')));
      await watched.complete(edit('rename total to sum', CODE));
      await expect(watched.complete(faulty('503'))).rejects.toThrow();
      const aborted = new AbortController();
      aborted.abort();
      await collect(watched.stream(edit('rename total to sum', CODE), { signal: aborted.signal }));
      expect(log).toEqual(['ok', 'rate_limit', 'server', 'ok', 'overloaded', 'aborted']);
    } finally {
      await watched.close();
    }
  });
});

describe('provider.stream against the simulated server', () => {
  it('streams an edit with typed, time-stamped events and sends the key', async () => {
    const got = await collect(provider.stream(edit('rename total to sum', CODE)));
    expect(got.error).toBeNull();
    expect(got.text).toBe(CODE.replaceAll('total', 'sum'));
    expect(got.finish).toBe('stop');
    expect(got.usage?.completionTokens).toBeGreaterThan(0);
    const finish = got.events.at(-1)!;
    const t = finish.timings;
    expect(t.requestSent).toBeLessThanOrEqual(t.responseHeaders!);
    expect(t.responseHeaders!).toBeLessThanOrEqual(t.firstByte!);
    expect(t.firstByte!).toBeLessThanOrEqual(t.firstToken!);
    expect(t.firstToken!).toBeLessThanOrEqual(t.lastToken!);
    expect(got.events.filter((e) => e.type === 'text').every((e) => e.at >= t.firstToken!)).toBe(true);
    expect(lastRecord().hasApiKey).toBe(true);
    expect((lastRecord().body as { stream_options: unknown }).stream_options).toEqual({ include_usage: true });
  });

  it('streams tool calls', async () => {
    const got = await collect(
      provider.stream({
        messages: [{ role: 'user', content: 'rename total to sum in src/a.ts' }],
        tools: [{ type: 'function', function: { name: 'read_file' } }],
      }),
    );
    expect(got.toolCalls).toEqual([{ id: expect.any(String), name: 'read_file', arguments: '{"path":"src/a.ts"}' }]);
    expect(got.finish).toBe('tool_calls');
  });

  it.each([
    ['429:1500', 'rate_limit', true, 1500, 429],
    ['quota', 'quota', false, null, 429],
    ['500', 'server', true, null, 500],
    ['503', 'overloaded', true, null, 503],
  ] as const)('HTTP fault %s → %s', async (fault, kind, retryable, retryAfterMs, status) => {
    const { error } = await collect(provider.stream(faulty(fault)));
    expect(error).toMatchObject({ kind, retryable, retryAfterMs, status });
    expect(error!.message).toMatch(/^The fast model \(sim-fast at 127\.0\.0\.1:\d+\)/);
  });

  it('names a missing model as a bad request', async () => {
    const other = createProvider(lane({ model: 'gpt-nope', baseUrl: sim.baseUrl }));
    const { error } = await collect(other.stream(edit('x', 'y')));
    await other.close();
    expect(error).toMatchObject({ kind: 'bad_request', status: 404, code: 'model_not_found', retryable: false });
  });

  it('keeps the API key out of error messages, even when the server echoes it', async () => {
    const { error } = await collect(provider.stream(faulty('401')));
    expect(error).toMatchObject({ kind: 'auth', retryable: false, status: 401 });
    expect(error!.message).toContain('[redacted]');
    expect(error!.message).not.toContain(KEY);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(JSON.stringify(provider.info)).not.toContain(KEY);
  });

  it('reports an error event inside a 200 stream after the text so far', async () => {
    const got = await collect(provider.stream(faulty('error:3')));
    expect(got.text.length).toBeGreaterThan(0);
    expect(got.error).toMatchObject({ kind: 'server', retryable: true, code: 'internal_error' });
  });

  it('reports a malformed chunk and closes the connection', async () => {
    // At 2 tok/s the rest of the answer would take minutes: only the client can end this response.
    const p = createProvider(lane({ baseUrl: sim.baseUrl, model: 'sim-crawl' }));
    const got = await collect(
      p.stream({ ...edit('rename total to sum', CODE.repeat(50)), headers: { 'x-sim-fault': 'malformed:2' } }),
    );
    expect(got.error).toMatchObject({ kind: 'malformed', retryable: true });
    await until(() => lastRecord().closedAt !== null);
    expect(lastRecord().aborted).toBe(true);
    await p.close();
  });

  it('reports a connection reset as a retryable network error', async () => {
    const got = await collect(provider.stream(faulty('reset:4')));
    expect(got.text.length).toBeGreaterThan(0);
    expect(got.error).toMatchObject({ kind: 'network', retryable: true });
  });

  it('times out a stalled stream and closes it', async () => {
    const p = createProvider(lane({ baseUrl: sim.baseUrl, stallTimeoutMs: 300 }));
    const started = performance.now();
    const got = await collect(p.stream(faulty('stall:3')));
    expect(got.error).toMatchObject({ kind: 'stall_timeout', retryable: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(performance.now() - started).toBeLessThan(5_000);
    await until(() => lastRecord().closedAt !== null);
    expect(lastRecord().aborted).toBe(true);
    await p.close();
  });

  it('times out when the first token is late', async () => {
    const slow = await startSimServer({ profiles: { 'sim-fast': { ttftMs: 1_000 } } });
    const p = createProvider(lane({ ttftTimeoutMs: 100, baseUrl: slow.baseUrl }));
    const got = await collect(p.stream(edit('rename total to sum', CODE)));
    expect(got.error).toMatchObject({ kind: 'ttft_timeout', retryable: true });
    expect(got.error!.message).toMatch(/did not start answering in time/);
    await p.close();
    await slow.close();
  });

  it('closes the upstream socket as soon as the caller aborts', async () => {
    // The stream is held open after 3 tokens and the watchdog waits a minute: only the abort can close it.
    const p = createProvider(lane({ baseUrl: sim.baseUrl }));
    const controller = new AbortController();
    const closed = once(sim.events, 'closed') as Promise<[SimRequestRecord]>;
    let abortedAt = 0;
    const events: string[] = [];
    for await (const e of p.stream(faulty('stall:3'), { signal: controller.signal })) {
      events.push(e.type);
      if (e.type === 'text' && abortedAt === 0) {
        abortedAt = performance.now();
        controller.abort();
      }
      if (e.type === 'error') expect(e.error.kind).toBe('aborted');
    }
    const [record] = await closed;
    expect(record.aborted).toBe(true);
    expect(record.closedAt!).toBeGreaterThanOrEqual(abortedAt);
    expect(record.closedAt! - abortedAt).toBeLessThan(1_000);
    expect(events.at(-1)).toBe('error');
    await p.close();
  });

  it('closes the upstream socket when the caller stops iterating', async () => {
    const closed = once(sim.events, 'closed') as Promise<[SimRequestRecord]>;
    for await (const e of provider.stream(faulty('stall:2'))) if (e.type === 'text') break;
    const [record] = await closed;
    expect(record.aborted).toBe(true);
  });

  it('uses ONE TCP connection for prewarm and consecutive requests', async () => {
    const fresh = await startSimServer({ profiles: { 'sim-fast': { ttftMs: 0, tokensPerSecond: 10_000 } } });
    const p = createProvider(lane({ baseUrl: fresh.baseUrl }));
    expect(fresh.connections).toBe(0);
    expect(await p.prewarm()).toMatchObject({ ok: true });
    expect(fresh.connections).toBe(1);
    for (let i = 0; i < 3; i++)
      expect((await collect(p.stream(edit('rename total to sum', CODE)))).finish).toBe('stop');
    expect((await p.complete(edit('rename total to sum', CODE))).text).toContain('sum');
    expect(fresh.connections).toBe(1);
    expect(new Set(fresh.requests.map((r) => r.connection))).toEqual(new Set([1]));
    await p.close();
    await fresh.close();
  });

  it('runs concurrent streams on separate connections, side by side', async () => {
    const fresh = await startSimServer({ profiles: { 'sim-fast': { ttftMs: 0, tokensPerSecond: 10_000 } } });
    const p = createProvider(lane({ baseUrl: fresh.baseUrl }));
    // Each stream is held open after 2 tokens: the second can only answer beside the first.
    const a = p.stream(faulty('stall:2'));
    const b = p.stream({ ...edit('add types', CODE), headers: { 'x-sim-fault': 'stall:2' } });
    const firstText = async (s: typeof a) => {
      for (let r = await s.next(); !r.done; r = await s.next()) if (r.value.type === 'text') return r.value.text;
      throw new Error('the stream ended without text');
    };
    expect(await firstText(a)).not.toBe('');
    expect(await firstText(b)).not.toBe('');
    expect(fresh.requests.map((r) => r.closedAt)).toEqual([null, null]);
    expect(fresh.connections).toBe(2);
    expect(new Set(fresh.requests.map((r) => r.connection)).size).toBe(2);
    await Promise.all([a.return(), b.return()]);
    await p.close();
    await fresh.close();
  });

  it('reports a refused connection as a network error', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const p = createProvider(lane({ baseUrl: `http://127.0.0.1:${port}/v1` }));
    const { error } = await collect(p.stream(edit('x', 'y')));
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect((await p.prewarm()).ok).toBe(false);
    await p.close();
  });
});

describe('provider.complete', () => {
  it('returns the whole answer', async () => {
    const result = await provider.complete(edit('rename total to sum', CODE));
    expect(result).toMatchObject({ text: CODE.replaceAll('total', 'sum'), finishReason: 'stop', toolCalls: [] });
    expect(result.usage!.totalTokens).toBeGreaterThan(0);
    expect((lastRecord().body as { stream: boolean }).stream).toBe(false);
  });

  it('throws a typed error for HTTP errors (vLLM flat body)', async () => {
    await expect(provider.complete(faulty('503'))).rejects.toMatchObject({
      kind: 'overloaded',
      status: 503,
      retryable: true,
    });
  });

  it('gives up after completeTimeoutMs', async () => {
    const p = createProvider(lane({ completeTimeoutMs: 50, baseUrl: sim.baseUrl }));
    await expect(p.complete(faulty('stall:1'))).rejects.toMatchObject({ kind: 'ttft_timeout' });
    await p.close();
  });
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 2));
  }
}
