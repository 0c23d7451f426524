// Native steering and interrupts over the Responses WebSocket, against the awkward server: a steer
// goes out as one `response.steer` (never a new `response.create`) and its outcome comes back in
// the same stream; an abort closes the socket at once and the next call finds a fresh one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LaneConfig } from '../config';
import { createProvider, type ModelProvider } from '../provider';
import { SteerHandle } from '../steering';
import { collect, simLane } from '../testSupport';
import type { ModelStreamEvent } from '../types';
import { startAwkwardServer, type AwkwardServer, type Conn } from './testing/awkwardServer';
import { completed, created, incomplete, messageItem, textDelta, textEvents } from './testing/responsesEvents';

const ASK = { messages: [{ role: 'user' as const, content: 'write it' }] };
const CORRECTION = '<correction>x</correction>';
const USAGE = { input: 10, output: 2, cached: 0 };
let server: AwkwardServer;
const providers: ModelProvider[] = [];

function open(overrides: Partial<LaneConfig> = {}): ModelProvider {
  const lane = simLane(server.baseUrl, { lane: 'fast', api: 'responses', transport: 'websocket', model: 'awkward' });
  const provider = createProvider({ ...lane, ...overrides });
  providers.push(provider);
  return provider;
}
const clientFrames = (type: string) => server.connections.flatMap((c) => c.frames).filter((f) => f.json?.type === type);
const types = (events: ModelStreamEvent[]) => events.map((e) => e.type);
const accepted = (id: string) => ({
  type: 'response.steer.accepted',
  steer: { id: 'steer_1', previous_response_id: id },
});

/** Starts resp_1, waits for the steer, then answers it with `then`. */
function steerable(then: (conn: Conn) => void): void {
  server.wsScripts.push(async (conn) => {
    conn.send(created('resp_1'), messageItem('m1'), textDelta('m1', 'first '));
    if (await conn.next()) then(conn);
  });
}

/** Runs a stream, steering once at its first text; what steer() said and the events. */
async function steerAtFirstText(provider: ModelProvider, handle: SteerHandle) {
  const events: ModelStreamEvent[] = [];
  let sent: boolean | null = null;
  for await (const e of provider.stream(ASK, { steering: handle })) {
    events.push(e);
    if (e.type === 'text' && sent === null) sent = handle.steer(CORRECTION);
  }
  return { sent, events };
}

beforeAll(async () => {
  server = await startAwkwardServer();
});
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
  server.reset();
});
afterAll(() => server.close());

describe('steering over WebSocket', () => {
  it('sends one response.steer for the active response and streams its successor', async () => {
    steerable((conn) =>
      conn.send(
        accepted('resp_1'),
        textDelta('m1', 'more '),
        incomplete('resp_1', 'steered', USAGE),
        created('resp_2', 'resp_1'),
        messageItem('m2'),
        textDelta('m2', 'fixed'),
        completed('resp_2', { input: 14, output: 3, cached: 10 }),
      ),
    );
    const handle = new SteerHandle();
    const { sent, events } = await steerAtFirstText(open(), handle);
    expect(sent).toBe(true);
    expect(clientFrames('response.steer').map((f) => f.json)).toEqual([
      { type: 'response.steer', previous_response_id: 'resp_1', input: CORRECTION },
    ]);
    expect(clientFrames('response.create')).toHaveLength(1);
    expect(types(events)).toEqual(['text', 'steer', 'text', 'successor', 'text', 'usage', 'finish']);
    expect(events[1]).toMatchObject({ type: 'steer', status: 'accepted' });
    expect(events[3]).toMatchObject({ type: 'successor', id: 'resp_2' });
    expect(collectText(events.slice(4))).toBe('fixed');
    expect(events.at(-2)).toMatchObject({ usage: { promptTokens: 14, completionTokens: 5, cachedTokens: 10 } });
    expect(handle.steer('again')).toBe(false);
  });

  it('goes on past a completed that comes before the successor is created', async () => {
    steerable((conn) =>
      conn.sendCoalesced(
        accepted('resp_1'),
        completed('resp_1', USAGE),
        created('resp_2', 'resp_1'),
        messageItem('m2'),
        textDelta('m2', 'fixed'),
        completed('resp_2', USAGE),
      ),
    );
    const { sent, events } = await steerAtFirstText(open(), new SteerHandle());
    expect(sent).toBe(true);
    expect(types(events)).toEqual(['text', 'steer', 'successor', 'text', 'usage', 'finish']);
  });

  it('reports a failed steer and lets the original response finish', async () => {
    steerable((conn) =>
      conn.send(
        {
          type: 'response.steer.failed',
          steer: { previous_response_id: 'resp_1', input: CORRECTION },
          error: { type: 'invalid_request_error', code: 'steering_not_supported', message: 'not here' },
        },
        textDelta('m1', 'rest'),
        completed('resp_1', USAGE),
      ),
    );
    const { sent, events } = await steerAtFirstText(open(), new SteerHandle());
    expect(sent).toBe(true);
    expect(types(events)).toEqual(['text', 'steer', 'text', 'usage', 'finish']);
    expect(events[1]).toMatchObject({ status: 'failed', message: 'not here (steering_not_supported)' });
    expect(collectText(events)).toBe('first rest');
  });

  it('says no to a steer before response.created, and after the call', async () => {
    let gotCreate = () => undefined as void;
    const createSeen = new Promise<void>((resolve) => (gotCreate = resolve));
    let release = () => undefined as void;
    const go = new Promise<void>((resolve) => (release = resolve));
    server.wsScripts.push(async (conn) => {
      gotCreate();
      await go;
      conn.send(...textEvents('resp_1', ['ok']));
    });
    const handle = new SteerHandle();
    const running = collect(open().stream(ASK, { steering: handle }));
    await createSeen;
    expect(handle.steer(CORRECTION)).toBe(false);
    release();
    expect((await running).text).toBe('ok');
    expect(handle.steer(CORRECTION)).toBe(false);
    expect(clientFrames('response.steer')).toHaveLength(0);
  });
});

describe('interrupts over WebSocket', () => {
  it('closes the socket at the abort, ends with aborted, and the next call uses a replacement', async () => {
    server.wsScripts.push(async (conn) => {
      conn.send(created('resp_1'), messageItem('m1'), textDelta('m1', 'partial'));
      await conn.closed;
    });
    const provider = open({ maxConnections: 1 });
    const controller = new AbortController();
    const events = provider.stream(ASK, { signal: controller.signal });
    expect((await events.next()).value).toMatchObject({ type: 'text', text: 'partial' });
    controller.abort();
    // Closed by the abort itself, not when the caller next pulls.
    await server.connections[0]!.closed;
    const rest = await collect(events);
    expect(types(rest.events)).toEqual(['error']);
    expect(rest.error).toMatchObject({ kind: 'aborted' });
    await server.connectionCount(2);
    expect(server.connections[1]!.frames).toHaveLength(0);
    expect((await collect(provider.stream(ASK))).text).toBe('ok');
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]!.frames).toHaveLength(1);
  });

  it('stops a call aborted while its socket is still opening', async () => {
    const provider = open();
    const controller = new AbortController();
    const events = provider.stream(ASK, { signal: controller.signal });
    const first = events.next();
    controller.abort();
    expect((await first).value).toMatchObject({ type: 'error', error: { kind: 'aborted' } });
    expect((await collect(provider.stream(ASK))).text).toBe('ok');
    expect(clientFrames('response.create')).toHaveLength(1);
  });

  it('times out a response that never starts and closes its socket', async () => {
    server.wsScripts.push(async (conn) => {
      await conn.closed;
    });
    const provider = open({ ttftTimeoutMs: 200 });
    const got = await collect(provider.stream(ASK));
    expect(got.error).toMatchObject({ kind: 'ttft_timeout' });
    await server.connections[0]!.closed;
    expect((await collect(provider.stream(ASK))).text).toBe('ok');
  });
});

function collectText(events: ModelStreamEvent[]): string {
  return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}
