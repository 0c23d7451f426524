// The Responses client over HTTP SSE against the awkward server: odd framing must not matter, and
// every bad stream ends its call with a clear, typed error that never shows the key.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProvider, type ModelProvider } from '../provider';
import { collect, simLane } from '../testSupport';
import { sse, startAwkwardServer, type AwkwardServer } from './testing/awkwardServer';
import { completed, created, messageItem, textDelta, textEvents, toolEvents } from './testing/responsesEvents';

const KEY = 'tok_awkward_9f8e7d6c5b4a';
const ASK = { messages: [{ role: 'user' as const, content: 'hi' }] };
let server: AwkwardServer;
let provider: ModelProvider;

beforeAll(async () => {
  server = await startAwkwardServer(KEY);
  provider = createProvider(
    simLane(server.baseUrl, { lane: 'fast', api: 'responses', transport: 'http', model: 'awkward', apiKey: KEY }),
  );
});
afterEach(() => server.reset());
afterAll(async () => {
  await provider.close();
  await server.close();
});

const TEXT = ['Grüße, ', '日本語 ', '💶 ok'];

describe('Responses over HTTP SSE, awkwardly framed', () => {
  it.each([
    ['CRLF, event lines, comments', { crlf: true, eventLines: true, comments: true }],
    ['LF, no event lines', {}],
  ])('reads text split at odd offsets (%s)', async (_name, style) => {
    server.httpScripts.push((_c, out) =>
      out.stream(sse(textEvents('resp_1', TEXT, { input: 20, output: 6, cached: 12 }), style)),
    );
    const got = await collect(provider.stream(ASK));
    expect(got).toMatchObject({ text: TEXT.join(''), finish: 'stop', error: null });
    expect(got.usage).toEqual({ promptTokens: 20, completionTokens: 6, totalTokens: 26, cachedTokens: 12 });
    const t = got.events.at(-1)!.timings;
    expect(t.requestSent).toBeLessThanOrEqual(t.firstByte!);
    expect(t.firstByte!).toBeLessThanOrEqual(t.firstToken!);
    expect(t.firstToken!).toBeLessThanOrEqual(t.lastToken!);
    expect(server.httpCalls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.httpCalls[0]!.body).toMatchObject({ model: 'awkward', stream: true, store: false });
  });

  it('streams tool calls with arguments in pieces or only in output_item.done', async () => {
    const calls = [
      { itemId: 'fc_1', callId: 'call_a', name: 'read_file', pieces: ['{"pa', 'th":"ü', '.ts"}'] },
      { itemId: 'fc_2', callId: 'call_b', name: 'search', pieces: [] },
    ];
    server.httpScripts.push((_c, out) => out.stream(sse(toolEvents('resp_t', calls, ['{"path":"ü.ts"}', '{"q":1}']))));
    const got = await collect(provider.stream(ASK));
    expect(got.toolCalls).toEqual([
      { id: 'call_a', name: 'read_file', arguments: '{"path":"ü.ts"}' },
      { id: 'call_b', name: 'search', arguments: '{"q":1}' },
    ]);
    expect(got.finish).toBe('tool_calls');
  });

  const start = [created('r'), messageItem('m'), textDelta('m', 'so far')];
  it.each([
    ['a body that ends early', sse(start), { kind: 'network' }, /closed before the response was complete/],
    ['a text delta for an unknown item', sse([...start, textDelta('m_x', 'x')]), { kind: 'malformed' }, /unknown item/],
    ['an event that is not JSON', sse([...start, '{nope']), { kind: 'malformed' }, /not JSON/],
    ['an unknown non-response event', sse([...start, { type: 'ping.custom' }]), { kind: 'malformed' }, /unknown type/],
    [
      'response.failed',
      sse([
        ...start,
        { type: 'response.failed', response: { id: 'r', error: { code: 'server_error', message: 'boom' } } },
      ]),
      { kind: 'server', code: 'server_error' },
      /boom/,
    ],
    [
      'an error event',
      sse([...start, { type: 'error', code: 'rate_limit_exceeded', message: 'slow down' }]),
      { kind: 'rate_limit', code: 'rate_limit_exceeded' },
      /slow down/,
    ],
  ])('ends the call on %s', async (_name, body, want, message) => {
    server.httpScripts.push((_c, out) => out.stream(body));
    const got = await collect(provider.stream(ASK));
    expect(got.text).toBe('so far');
    expect(got.finish).toBeNull();
    expect(got.error).toMatchObject(want);
    expect(got.error!.message).toMatch(message);
    expect(got.events.at(-1)!.type).toBe('error');
  });

  it('reads HTTP errors: previous_response_not_found (400) and 429 with retry-after', async () => {
    const notFound = { error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'gone' } };
    server.httpScripts.push((_c, out) => out.json(400, notFound));
    server.httpScripts.push((_c, out) =>
      out.json(429, { error: { code: 'rate_limit_exceeded', message: 'later' } }, { 'retry-after': '2' }),
    );
    expect((await collect(provider.stream(ASK))).error).toMatchObject({
      kind: 'bad_request',
      status: 400,
      code: 'previous_response_not_found',
    });
    expect((await collect(provider.stream(ASK))).error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 2000 });
  });

  it('never shows the key, even when the server echoes it', async () => {
    const wrong = createProvider(
      simLane(server.baseUrl, { api: 'responses', model: 'awkward', apiKey: 'tok_wrong_0123456789ab' }),
    );
    const got = await collect(wrong.stream(ASK));
    await wrong.close();
    expect(got.error).toMatchObject({ kind: 'auth', status: 401 });
    expect(got.error!.message).toContain('Incorrect API key provided');
    expect(got.error!.message).not.toContain('tok_wrong_0123456789ab');
    server.httpScripts.push((c, out) =>
      out.stream(sse([created('r'), { type: 'error', message: `bad ${c.headers.authorization}` }])),
    );
    const echoed = await collect(provider.stream(ASK));
    expect(echoed.error!.message).toContain('bad');
    expect(echoed.error!.message).not.toContain(KEY);
  });

  it('collects a whole answer with complete()', async () => {
    server.httpScripts.push((_c, out) =>
      out.stream(sse([...textEvents('r', ['a', 'b']).slice(0, -1), completed('r')])),
    );
    expect(await provider.complete(ASK)).toMatchObject({ text: 'ab', finishReason: 'stop' });
  });
});
