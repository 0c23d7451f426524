// The Responses client over WebSocket mode against the awkward server: the same answers as over
// HTTP, chaining with `previous_response_id` (and its recovery), prewarm, refused upgrades, and
// what the client sends on the wire (recorded frame by frame by the server).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LaneConfig } from '../config';
import { createProvider, type ModelProvider } from '../provider';
import { collect, simLane } from '../testSupport';
import type { ChatMessage } from '../types';
import { ResponseChain } from './responseChain';
import { sse, startAwkwardServer, type AwkwardServer, type ClientFrame } from './testing/awkwardServer';
import { textEvents, toolEvents } from './testing/responsesEvents';

const KEY = 'tok_awkward_9f8e7d6c5b4a';
const ASK = { messages: [{ role: 'user' as const, content: 'hi' }] };
let server: AwkwardServer;
const providers: ModelProvider[] = [];

function open(overrides: Partial<LaneConfig> = {}): ModelProvider {
  const lane = simLane(server.baseUrl, { lane: 'fast', api: 'responses', transport: 'websocket', model: 'awkward' });
  const provider = createProvider({ ...lane, apiKey: KEY, ...overrides });
  providers.push(provider);
  return provider;
}
const creates = (): ClientFrame[] =>
  server.connections.flatMap((c) => c.frames).filter((f) => f.json?.type === 'response.create');

beforeAll(async () => {
  server = await startAwkwardServer(KEY);
});
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  server.reset();
});
afterAll(() => server.close());

const TEXT = ['Grüße, ', '日本語 ', '💶 ok'];
const USAGE = { input: 20, output: 6, cached: 12 };

describe('Responses over WebSocket', () => {
  it('gives the same text, usage and finish as HTTP, from coalesced frames and pings', async () => {
    server.wsScripts.push((conn) => conn.sendCoalesced(...textEvents('resp_1', TEXT, USAGE)));
    server.wsScripts.push((conn) => conn.sendSlowly(...textEvents('resp_2', TEXT, USAGE)));
    server.httpScripts.push((_c, out) => out.stream(sse(textEvents('resp_h', TEXT, USAGE))));
    const ws = open();
    const http = open({ transport: 'http' });
    const fromHttp = await collect(http.stream(ASK));
    for (let i = 0; i < 2; i++) {
      const got = await collect(ws.stream(ASK));
      expect(got.error).toBeNull();
      for (const field of ['text', 'usage', 'finish'] as const) expect(got[field]).toEqual(fromHttp[field]);
      const t = got.events.at(-1)!.timings;
      expect(t.requestSent).toBeLessThanOrEqual(t.firstByte!);
      expect(t.firstByte!).toBeLessThanOrEqual(t.firstToken!);
      expect(t.firstToken!).toBeLessThanOrEqual(t.lastToken!);
    }
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.connections[0]!.pongs).toBeGreaterThan(0);
    const create = creates()[0]!.json!;
    expect(create).toMatchObject({ type: 'response.create', model: 'awkward', store: false });
    expect(create).not.toHaveProperty('stream');
    const sent = server.connections[0]!.frames.reduce((n, f) => n + f.bytes, 0);
    expect(ws.bytesSent()).toBe(sent);
  });

  it('streams tool calls as over HTTP', async () => {
    const calls = [
      { itemId: 'fc_1', callId: 'call_a', name: 'read_file', pieces: ['{"pa', 'th":"ü', '.ts"}'] },
      { itemId: 'fc_2', callId: 'call_b', name: 'search', pieces: [] },
    ];
    const events = toolEvents('resp_t', calls, ['{"path":"ü.ts"}', '{"q":1}']);
    server.wsScripts.push((conn) => conn.send(...events));
    server.httpScripts.push((_c, out) => out.stream(sse(events)));
    const fromWs = await collect(open().stream(ASK));
    const fromHttp = await collect(open({ transport: 'http' }).stream(ASK));
    expect(fromWs.toolCalls).toEqual([
      { id: 'call_a', name: 'read_file', arguments: '{"path":"ü.ts"}' },
      { id: 'call_b', name: 'search', arguments: '{"q":1}' },
    ]);
    expect(fromHttp.toolCalls).toEqual(fromWs.toolCalls);
    expect(fromWs.finish).toBe('tool_calls');
  });

  describe('chaining', () => {
    const call = { id: 'call_a', type: 'function' as const, function: { name: 'read_file', arguments: '{}' } };
    const turn1: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'read it' },
    ];
    const turn2: ChatMessage[] = [
      ...turn1,
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_a', content: 'the file' },
    ];
    const answerWithCall = () =>
      server.wsScripts.push((conn) =>
        conn.send(...toolEvents('resp_1', [{ itemId: 'fc', callId: 'call_a', name: 'read_file', pieces: [] }], ['{}'])),
      );

    it('sends previous_response_id and only the new items on the same socket', async () => {
      answerWithCall();
      server.wsScripts.push((conn) => conn.send(...textEvents('resp_2', ['done'])));
      const provider = open();
      const chain = new ResponseChain();
      expect((await collect(provider.stream({ messages: turn1 }, { chain }))).toolCalls).toHaveLength(1);
      expect((await collect(provider.stream({ messages: turn2 }, { chain }))).text).toBe('done');
      const [first, second] = creates().map((f) => f.json!);
      expect(first).not.toHaveProperty('previous_response_id');
      expect(second).toMatchObject({
        previous_response_id: 'resp_1',
        instructions: 'Be brief.',
        input: [{ type: 'function_call_output', call_id: 'call_a', output: 'the file' }],
      });
      expect(server.connections).toHaveLength(1);
    });

    it('sends the full history on another socket (the server closed the first)', async () => {
      answerWithCall();
      server.wsScripts.push((conn) => conn.send(...textEvents('resp_2', ['done'])));
      const provider = open();
      const chain = new ResponseChain();
      await collect(provider.stream({ messages: turn1 }, { chain }));
      server.connections[0]!.close(1001, 'idle');
      await server.connections[0]!.closed;
      expect((await collect(provider.stream({ messages: turn2 }, { chain }))).text).toBe('done');
      expect(server.connections).toHaveLength(2);
      const second = server.connections[1]!.frames[0]!.json!;
      expect(second).not.toHaveProperty('previous_response_id');
      expect(second.input).toHaveLength(3);
    });

    it('retries once with the full history when the server lost the previous response', async () => {
      answerWithCall();
      server.wsScripts.push((conn) =>
        conn.send({
          type: 'error',
          status: 400,
          error: {
            type: 'invalid_request_error',
            code: 'previous_response_not_found',
            message: "Previous response with id 'resp_1' not found.",
            param: 'previous_response_id',
          },
        }),
      );
      server.wsScripts.push((conn) => conn.send(...textEvents('resp_3', ['again'])));
      const provider = open();
      const chain = new ResponseChain();
      await collect(provider.stream({ messages: turn1 }, { chain }));
      const got = await collect(provider.stream({ messages: turn2 }, { chain }));
      expect(got).toMatchObject({ text: 'again', error: null, finish: 'stop' });
      const [, chained, retried] = creates().map((f) => f.json!);
      expect(chained).toMatchObject({ previous_response_id: 'resp_1' });
      expect(retried).not.toHaveProperty('previous_response_id');
      expect(retried!.input).toHaveLength(3);
      // The retried answer is the chain's new head.
      server.wsScripts.push((conn) => conn.send(...textEvents('resp_4', ['next'])));
      const turn3: ChatMessage[] = [
        ...turn2,
        { role: 'assistant', content: 'again' },
        { role: 'user', content: 'more' },
      ];
      await collect(provider.stream({ messages: turn3 }, { chain }));
      expect(creates().at(-1)!.json).toMatchObject({ previous_response_id: 'resp_3', input: [{ content: 'more' }] });
    });
  });

  it('prewarm opens a socket that the first call reuses', async () => {
    const provider = open();
    expect(await provider.prewarm()).toMatchObject({ ok: true });
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.frames).toHaveLength(0);
    expect((await collect(provider.stream(ASK))).text).toBe('ok');
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.frames).toHaveLength(1);
  });

  it('reports a refused upgrade without the key, and reconnects later with backoff', async () => {
    const provider = open();
    server.refuse = { count: 1, status: 401, body: { error: { message: `bad key ${KEY}`, code: 'invalid_api_key' } } };
    const refused = await collect(provider.stream(ASK));
    expect(refused.error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(refused.error!.message).toContain('bad key');
    expect(refused.error!.message).not.toContain(KEY);
    const got = await collect(provider.stream(ASK));
    expect(got).toMatchObject({ text: 'ok', error: null });
    expect(server.upgrades).toHaveLength(2);
    // A lower bound only: the second attempt waited for the backoff.
    expect(server.upgrades[1]! - server.upgrades[0]!).toBeGreaterThanOrEqual(200);
  });

  it('never shows the key when an error event echoes it', async () => {
    server.wsScripts.push((conn) =>
      conn.send({ type: 'error', error: { message: `nope ${String(conn.headers.authorization)}` } }),
    );
    const got = await collect(open().stream(ASK));
    expect(got.error!.message).toContain('nope');
    expect(got.error!.message).not.toContain(KEY);
  });
});
