// Bad streams over the Responses WebSocket, against the awkward server: each ends only its own call
// with a clear error while a call on another socket of the same provider goes on unharmed; sockets
// the server drops are retried once when nothing was shown yet, and later calls still work.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProvider, type ModelProvider } from '../provider';
import { collect, simLane } from '../testSupport';
import { startAwkwardServer, type AwkwardServer, type Conn } from './testing/awkwardServer';
import { created, messageItem, textDelta, textEvents } from './testing/responsesEvents';

type Json = Record<string, unknown>;
const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
let server: AwkwardServer;
let provider: ModelProvider;

beforeAll(async () => {
  server = await startAwkwardServer();
});
afterEach(async () => {
  await provider.close();
  server.reset();
});
afterAll(() => server.close());

function open(): ModelProvider {
  const lane = { lane: 'fast' as const, api: 'responses' as const, transport: 'websocket' as const };
  provider = createProvider(simLane(server.baseUrl, { ...lane, model: 'awkward', maxConnections: 2 }));
  return provider;
}
const start = [created('resp_bad'), messageItem('m'), textDelta('m', 'so far')];
const contentOf = (create: Json) => ((create.input as Json[])[0]!.content as string) ?? '';

describe('bad events over WebSocket', () => {
  it.each<[string, (conn: Conn) => void, Json, RegExp]>([
    ['a text delta for an unknown item', (c) => c.send(textDelta('m_x', 'x')), { kind: 'malformed' }, /unknown item/],
    ['a frame that is not JSON', (c) => c.send('{"type":"response.output_text.delta",'), { kind: 'malformed' }, /JSON/],
    ['an unknown non-response event', (c) => c.send({ type: 'conversation.item' }), { kind: 'malformed' }, /unknown/],
    [
      'response.failed',
      (c) =>
        c.send({ type: 'response.failed', response: { id: 'r', error: { code: 'server_error', message: 'boom' } } }),
      { kind: 'server', code: 'server_error' },
      /boom/,
    ],
    [
      'an error event',
      (c) => c.send({ type: 'error', status: 429, error: { code: 'rate_limit_exceeded', message: 'slow down' } }),
      { kind: 'rate_limit', status: 429 },
      /slow down/,
    ],
    ['the socket closing mid-response', (c) => c.terminate(), { kind: 'network' }, /before the response was complete/],
  ])('%s ends only that call', async (_name, fault, want, message) => {
    let badDone = () => undefined as void;
    const goOn = new Promise<void>((resolve) => (badDone = resolve));
    server.wsDefault = async (conn, create) => {
      if (contentOf(create) === 'bad') {
        conn.send(...start);
        fault(conn);
        return;
      }
      conn.send(created('resp_good'), messageItem('g'), textDelta('g', 'good '));
      await goOn;
      conn.send(...textEvents('resp_good', ['end']).slice(3));
    };
    open();
    const good = collect(provider.stream(ask('good')));
    const bad = await collect(provider.stream(ask('bad')));
    expect(bad.text).toBe('so far');
    expect(bad.finish).toBeNull();
    expect(bad.error).toMatchObject(want);
    expect(bad.error!.message).toMatch(message);
    badDone();
    expect(await good).toMatchObject({ text: 'good end', finish: 'stop', error: null });
    expect(server.connections).toHaveLength(2);
    // The good socket stays in service.
    expect((await collect(provider.stream(ask('again')))).error).toBeNull();
  });
});

describe('dropped and closed sockets', () => {
  it('retries once on a new socket when the socket drops before anything was shown', async () => {
    server.wsScripts.push((conn) => {
      conn.send(created('resp_1'));
      conn.terminate();
    });
    server.wsScripts.push((conn) => conn.send(...textEvents('resp_2', ['second try'])));
    open();
    const got = await collect(provider.stream(ask('hi')));
    expect(got).toMatchObject({ text: 'second try', error: null });
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]!.frames[0]!.text).toBe(server.connections[0]!.frames[0]!.text);
  });

  it('gives a network error when the retry drops too', async () => {
    server.wsDefault = (conn) => conn.close(1011, 'overloaded');
    open();
    const got = await collect(provider.stream(ask('hi')));
    expect(got.error).toMatchObject({ kind: 'network', retryable: true });
    expect(got.error!.message).toMatch(/code 1011: overloaded/);
    expect(server.connections).toHaveLength(2);
  });

  it('sends the call again on a new socket when the connection is at its age limit', async () => {
    server.wsScripts.push((conn) =>
      conn.send({
        type: 'error',
        status: 400,
        error: { code: 'websocket_connection_limit_reached', message: 'Create a new websocket connection' },
      }),
    );
    open();
    expect(await collect(provider.stream(ask('hi')))).toMatchObject({ text: 'ok', error: null });
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]!.frames[0]!.text).toBe(server.connections[0]!.frames[0]!.text);
  });

  it('keeps the first-token watchdog running across that retry', async () => {
    server.wsScripts.push((conn) => conn.terminate());
    server.wsScripts.push(async (conn) => {
      await conn.closed;
    });
    const lane = { lane: 'fast' as const, api: 'responses' as const, transport: 'websocket' as const };
    provider = createProvider(simLane(server.baseUrl, { ...lane, model: 'awkward', ttftTimeoutMs: 300 }));
    const got = await collect(provider.stream(ask('hi')));
    expect(got.error).toMatchObject({ kind: 'ttft_timeout' });
    expect(server.connections).toHaveLength(2);
  });

  it('works again after a frame that is not JSON', async () => {
    server.wsScripts.push((conn) => conn.send(created('resp_1'), 'not json at all'));
    open();
    expect((await collect(provider.stream(ask('hi')))).error).toMatchObject({ kind: 'malformed' });
    expect((await collect(provider.stream(ask('hi')))).text).toBe('ok');
  });

  it('opens a new socket after the server closed an idle one', async () => {
    open();
    expect((await collect(provider.stream(ask('hi')))).text).toBe('ok');
    server.connections[0]!.close(1000, 'idle');
    await server.connections[0]!.closed;
    expect((await collect(provider.stream(ask('hi')))).text).toBe('ok');
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]!.frames).toHaveLength(1);
  });
});
