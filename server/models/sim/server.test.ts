import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEditRequest } from '../formats/editRequest';
import { startSimServer, type SimServer } from './server';
import { countTokens } from './tokenize';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({
    profiles: {
      'sim-fast': { ttftMs: 5, tokensPerSecond: 2_000, jitter: 0 },
      'sim-turbo': { ttftMs: 0, tokensPerSecond: 20_000, jitter: 0 },
      'sim-jitter': { ttftMs: 0, tokensPerSecond: 5_000, jitter: 0.5, chunkTokens: 3 },
    },
  });
});
afterAll(() => sim.close());

const renamed = (lines: number) => code(lines).replace(/\btotal\b/g, 'sum');
const code = (lines: number) =>
  Array.from({ length: lines }, (_, i) => `const total${i % 7} = total + ${i}; // line ${i}`).join('\n');
const editBody = (model: string, lines = 3, stream = true) => ({
  model,
  stream,
  stream_options: { include_usage: true },
  messages: [
    {
      role: 'user',
      content: formatEditRequest({
        instruction: 'rename total to sum',
        path: 'a.ts',
        language: 'typescript',
        code: code(lines),
        partial: null,
        correction: null,
      }),
    },
  ],
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${sim.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

const contentOf = (sse: string) =>
  sse
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => JSON.parse(e.slice(6)) as { choices: { delta?: { content?: string } }[] })
    .map((c) => c.choices[0]?.delta?.content ?? '')
    .join('');

describe('simulated server', () => {
  it('lists its models', async () => {
    const res = await request(`${sim.baseUrl}/models`);
    const body = (await res.body.json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toEqual(expect.arrayContaining(['sim-fast', 'sim-strong', 'sim-turbo']));
  });

  it('answers the same request with the same bytes (but for the timestamp)', async () => {
    const a = await post(editBody('sim-fast'));
    const b = await post(editBody('sim-fast'));
    const strip = (s: string) => s.replace(/"created":\d+/g, '');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toContain('text/event-stream');
    expect(strip(a.text)).toBe(strip(b.text));
    expect(contentOf(a.text)).toBe(renamed(3));
    expect(a.text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('answers without streaming too', async () => {
    const res = await post(editBody('sim-fast', 3, false));
    const body = JSON.parse(res.text) as {
      choices: { message: { content: string } }[];
      usage: { completion_tokens: number };
    };
    expect(body.choices[0]!.message.content).toBe(renamed(3));
    expect(body.usage.completion_tokens).toBe(Math.ceil(body.choices[0]!.message.content.length / 4));
  });

  it.each([
    ['sim-fast', 2_000, 60],
    ['sim-turbo', 20_000, 250],
  ])('paces %s at roughly %i tokens/s', async (model, tps, lines) => {
    await post(editBody(model, lines));
    const record = sim.requests.at(-1)!;
    const last = record.chunks.at(-1)!;
    expect(record.tokensSent).toBeGreaterThan(400);
    // Never ahead of the schedule (the last token is due at TTFT + (n − 1)/tps, jitter 0). How far
    // behind it a loaded machine falls is the benchmark's to measure, not a test's.
    const dueMs = sim.profiles[model]!.ttftMs + ((record.tokensSent - 1) / tps) * 1000;
    expect(last.at - record.arrivedAt).toBeGreaterThanOrEqual(dueMs - 1);
    if (tps > 1000) expect(record.chunks.length).toBeLessThan(record.tokensSent); // batched when due together
  });

  it('keeps jittered pacing deterministic in content and groups tokens per chunk', async () => {
    const a = await post(editBody('sim-jitter', 10));
    const frames = a.text.split('\n\n').filter((e) => e.includes('"content":"') && !e.includes('"content":""'));
    expect(frames.length).toBe(Math.ceil(Math.ceil(renamed(10).length / 4) / 3));
  });

  it('records each request: body, arrival, close, abort, connection', async () => {
    const seen: number[] = [];
    sim.events.on('request', (r) => seen.push(r.id));
    await post(editBody('sim-fast'));
    const record = sim.requests.at(-1)!;
    expect(seen).toContain(record.id);
    expect(record.body).toMatchObject({ model: 'sim-fast' });
    expect(record.closedAt).toBeGreaterThan(record.arrivedAt);
    expect(record.aborted).toBe(false);
    expect(record.connection).toBeGreaterThan(0);
    expect(record.tokensSent).toBeGreaterThan(3);
    expect(record.chunks.reduce((n, c) => n + c.tokens, 0)).toBe(record.tokensSent);
    expect(record).toMatchObject({ api: 'chat', transport: 'http', cachedTokens: 0, responseId: null });
    expect(record.bytesIn).toBe(Buffer.byteLength(JSON.stringify(editBody('sim-fast'))));
    expect(record.prefillTokens).toBe(countTokens(editBody('sim-fast').messages[0]!.content));
  });

  it('sends 429 with Retry-After and retry-after-ms', async () => {
    const res = await post(editBody('sim-fast'), { 'x-sim-fault': '429:2500' });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.headers['retry-after-ms']).toBe('2500');
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
  });

  it.each([
    ['quota', 429, { error: { code: 'insufficient_quota', type: 'insufficient_quota' } }],
    ['500', 500, { error: { type: 'server_error' } }],
    ['503', 503, { object: 'error', code: 503 }],
  ])('fault %s by model-name suffix', async (fault, status, body) => {
    const res = await post(editBody(`sim-fast+${fault}`));
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text)).toMatchObject(body);
  });

  it('splices mid-stream faults in after N tokens', async () => {
    const error = await post(editBody('sim-fast'), { 'x-sim-fault': 'error:2' });
    expect(error.text).toContain('event: error\ndata: {"error"');
    expect(error.text).not.toContain('[DONE]');
    expect(contentOf(error.text.split('event: error')[0]!).length).toBe(8);
    const malformed = await post(editBody('sim-fast'), { 'x-sim-fault': 'malformed:1' });
    expect(malformed.text).toContain('"delta":{"content":"\n\n');
  });

  it('holds a stall*1 stream open until the client hangs up, then serves the next request whole', async () => {
    const fault = 'sim-fast+stall:2*1';
    const held = await request(`${sim.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(editBody(fault)),
    });
    const record = sim.requests.at(-1)!;
    const chunks = held.body[Symbol.asyncIterator]();
    let received = '';
    while (contentOf(received).length < 8) received += String((await chunks.next()).value);
    expect(record).toMatchObject({ fault: 'stall:2*1', closedAt: null, tokensSent: 2 });
    const next = await post(editBody(fault));
    expect(contentOf(next.text)).toBe(renamed(3));
    expect(sim.requests.at(-1)!.fault).toBeNull();
    expect(record).toMatchObject({ closedAt: null, tokensSent: 2 });
    const closed = new Promise((resolve) => sim.events.once('closed', resolve));
    held.body.destroy();
    await closed;
    expect(record.aborted).toBe(true);
  });

  it('rejects bad requests with OpenAI-style errors', async () => {
    expect((await post({ model: 'sim-fast', messages: [] })).text).toContain('messages');
    expect((await post(editBody('sim-fast'), { 'x-sim-fault': 'explode' })).status).toBe(400);
    const missing = await post(editBody('gpt-9'));
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({ error: { code: 'model_not_found' } });
    expect((await request(`${sim.url}/nope`)).statusCode).toBe(404);
  });
});
