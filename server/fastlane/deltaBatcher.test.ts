// The delta batcher over a real Socket.IO connection: one stream goes out within the macrotask its
// deltas came in; many at once are sent in windows; in both cases every delta arrives, in order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaBatcher, FlushScheduler, MAX_WINDOW_MS, windowFor, WINDOW_MS } from './deltaBatcher';
import type { OutputDelta } from './ghostOutput';

type Wire = OutputDelta & { stream: number };

let server: Server;
let socket: Socket;
let client: ClientSocket;

beforeAll(async () => {
  const httpServer = http.createServer();
  server = new Server(httpServer, { transports: ['websocket'] });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
  client = connect(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`, { transports: ['websocket'] });
  socket = await connected;
});

afterAll(async () => {
  client.close();
  await server.close();
});

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What the client holds of each stream, applying deltas as the browser does. */
function receive(): { texts: Map<number, string>; messages: () => number; stop: () => void } {
  const texts = new Map<number, string>();
  let messages = 0;
  const on = (d: Wire) => {
    messages++;
    texts.set(d.stream, (texts.get(d.stream) ?? '').slice(0, d.from) + d.text);
  };
  client.on('delta', on);
  return { texts, messages: () => messages, stop: () => client.off('delta', on) };
}

function batcher(stream: number, scheduler: FlushScheduler, sent: Wire[]): DeltaBatcher {
  return new DeltaBatcher((d) => {
    const wire = { ...d, stream };
    sent.push(wire);
    socket.emit('delta', wire);
  }, scheduler);
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

describe('DeltaBatcher', () => {
  it('sends one stream’s deltas of a macrotask as one message, before the next macrotask', async () => {
    const scheduler = new FlushScheduler();
    const sent: Wire[] = [];
    const got = receive();
    const b = batcher(0, scheduler, sent);
    b.add({ from: 0, text: 'let ' });
    b.add({ from: 4, text: 'x = 1;' });
    expect(sent).toEqual([]);
    await nextMacrotask();
    expect(sent).toEqual([{ stream: 0, from: 0, text: 'let x = 1;' }]);
    b.add({ from: 10, text: '\n' });
    b.add({ from: 3, text: ' y' }); // a rewind is not contiguous: what was pending goes first
    await nextMacrotask();
    expect(sent.map((d) => d.from)).toEqual([0, 10, 3]);
    await until(() => got.texts.get(0) === 'let y');
    expect(got.messages()).toBe(3);
    got.stop();
  });

  it('sends at once on flush, and never what was dropped', async () => {
    const sent: Wire[] = [];
    const b = batcher(1, new FlushScheduler(), sent);
    b.add({ from: 0, text: 'a' });
    b.flush();
    expect(sent).toEqual([{ stream: 1, from: 0, text: 'a' }]);
    b.add({ from: 1, text: 'b' });
    b.drop();
    await nextMacrotask();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(1);
  });

  it('with many streams at once, sends fewer, larger messages and loses or reorders nothing', async () => {
    const scheduler = new FlushScheduler(8);
    const sent: Wire[] = [];
    const got = receive();
    const streams = 20;
    const batchers = Array.from({ length: streams }, (_, s) => batcher(s, scheduler, sent));
    const expected = new Map<number, string>();
    let adds = 0;
    let sawBusy = false;
    for (let tick = 0; tick < 60; tick++) {
      for (let s = 0; s < streams; s++) {
        const text = expected.get(s) ?? '';
        // Mostly appends; now and then a rewind, as after a redirect.
        const from = tick % 17 === 5 && text.length > 3 ? text.length - 3 : text.length;
        const piece = `${s}.${tick};`;
        batchers[s]!.add({ from, text: piece });
        expected.set(s, text.slice(0, from) + piece);
        adds++;
      }
      sawBusy ||= scheduler.busy();
      await new Promise((r) => (tick % 2 ? setImmediate(r) : setTimeout(r, 0)));
    }
    await until(() => [...expected].every(([s, text]) => got.texts.get(s) === text));
    expect(sawBusy).toBe(true);
    expect(sent.length).toBeLessThan(adds);
    for (let s = 0; s < streams; s++) {
      const froms = sent.filter((d) => d.stream === s);
      let text = '';
      for (const d of froms) text = text.slice(0, d.from) + d.text;
      expect(text).toBe(expected.get(s));
    }
    got.stop();
  });

  it('waits longer as more turns send at once, within its bounds', () => {
    expect(windowFor(8)).toBe(WINDOW_MS);
    expect(windowFor(50)).toBe(5);
    expect(windowFor(100)).toBe(10);
    expect(windowFor(200)).toBe(MAX_WINDOW_MS);
    expect(windowFor(5000)).toBe(MAX_WINDOW_MS);
    const turns = [8, 20, 40, 80, 160, 320];
    const windows = turns.map((n) => windowFor(n));
    expect(windows).toEqual([...windows].sort((a, b) => a - b));
  });
});
