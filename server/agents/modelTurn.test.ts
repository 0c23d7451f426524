// One agent step against the simulated strong model over real HTTP, behind a small real proxy
// that answers the first request with 429 + Retry-After: the step waits that long and retries.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLane } from '../models/testSupport';
import { createProvider, type ModelProvider } from '../models/provider';
import { AGENT_TOOL_DEFINITIONS } from '../models/formats/agentTools';
import { startSimServer, type SimServer } from '../models/sim/server';
import { modelTurn } from './modelTurn';

let sim: SimServer;
let proxy: http.Server;
let failuresLeft = 0;
type Failure = { status: number; headers: Record<string, string>; code: string };
let failWith: Failure = { status: 429, headers: { 'retry-after-ms': '150' }, code: 'rate_limit_exceeded' };

beforeAll(async () => {
  sim = await startSimServer({ profiles: { 'sim-strong': { ttftMs: 0, tokensPerSecond: 50_000 } } });
  const target = new URL(sim.baseUrl);
  proxy = http.createServer((req, res) => {
    if (req.url?.endsWith('/chat/completions') && failuresLeft > 0) {
      failuresLeft--;
      req.resume();
      res.writeHead(failWith.status, { 'content-type': 'application/json', ...failWith.headers });
      res.end(
        JSON.stringify({ error: { message: 'refused by the test proxy', type: failWith.code, code: failWith.code } }),
      );
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
  await new Promise((r) => proxy.close(r));
  await sim.close();
});

function provider(): ModelProvider {
  const { port } = proxy.address() as AddressInfo;
  return createProvider(simLane(`http://127.0.0.1:${port}/v1`));
}

const request = {
  messages: [
    { role: 'system' as const, content: 'agent' },
    { role: 'user' as const, content: 'rename total to sum in src/a.ts' },
  ],
  tools: AGENT_TOOL_DEFINITIONS,
};

describe('modelTurn', () => {
  it('retries a rate-limited call after the Retry-After the server asked for', async () => {
    failuresLeft = 1;
    failWith = { status: 429, headers: { 'retry-after-ms': '150' }, code: 'rate_limit_exceeded' };
    const retries: { attempt: number; delayMs: number; kind: string }[] = [];
    const p = provider();
    const t0 = performance.now();
    const turn = await modelTurn(p, request, {
      signal: new AbortController().signal,
      onRetry: (e, attempt, delayMs) => retries.push({ attempt, delayMs, kind: e.kind }),
    });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
    expect(retries).toEqual([{ attempt: 1, delayMs: 150, kind: 'rate_limit' }]);
    expect(turn.toolCalls.map((c) => [c.function.name, c.function.arguments])).toEqual([
      ['read_file', '{"path":"src/a.ts"}'],
    ]);
    expect(turn.tokensIn).toBeGreaterThan(0);
    // TTFT is the answering attempt's own: from its request, sent after the Retry-After wait.
    expect(turn.sentAt - t0).toBeGreaterThanOrEqual(150);
    expect(turn.ttftMs).toBeGreaterThan(0);
    expect(turn.sentAt + turn.ttftMs!).toBeLessThanOrEqual(turn.endedAt);
    await p.close();
  });

  it('gives up at once on an error that retrying cannot fix', async () => {
    failuresLeft = 1;
    failWith = { status: 401, headers: {}, code: 'invalid_api_key' };
    const p = provider();
    const retries: number[] = [];
    await expect(
      modelTurn(p, request, { signal: new AbortController().signal, onRetry: (_e, a) => retries.push(a) }),
    ).rejects.toThrow(/strong model/i);
    expect(retries).toEqual([]);
    await p.close();
  });
});
