// Integration: one turn model on both sides, over a real socket and the simulated model over HTTP.
// A late joiner's single snapshot carries redirects and figures and then follows like everyone
// else; a browser that misses an event catches up from a snapshot; the asker knows its turn by the
// id it chose; Enter is one `instruction/submit` that routes and starts the lane on the server.
import { describe, expect, it } from 'vitest';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastTurnSnapshot } from '../../lib/protocol';
import { connectClient, makeWorkspace, openDoc, rawEmit, waitFor } from '../testing/fixtures';
import { testServers, type TestServer } from '../testing/testServers';

const { start } = testServers();

const BODY = Array.from({ length: 40 }, (_, i) => `  total += item${i}; // line ${i}`).join('\n');
const CODE = `export function f(total: number, ${'item0: number'}) {\n${BODY}\n  return total;\n}\n`;
const RANGE = { startLine: 1, endLine: 43 };
const frames = (cb: () => void) => setTimeout(cb, 16) as unknown as number;

async function setup(tps: number) {
  const s = await start(
    { workspace: makeWorkspace({ 'src/f.ts': CODE }) },
    { 'sim-fast': { tokensPerSecond: tps, ttftMs: 5 } },
  );
  return s;
}

async function person(s: TestServer, name: string, wrap: (socket: ClientSocket) => ClientSocket = (x) => x) {
  const socket = await connectClient(s.url, { name });
  const doc = await openDoc(socket, 'src/f.ts');
  const fast = new FastLaneClient(
    wrap(socket),
    (_p, change) => (doc.doc.transact(() => change(doc.text)), true),
    frames,
  );
  return { socket, doc, fast };
}

describe('one turn model on server and browser', () => {
  it(
    'someone who opens the file mid-turn gets one snapshot with the redirects and figures, ' +
      'then follows to the same end',
    async () => {
      const s = await setup(400);
      const ada = await person(s, 'Ada');
      const info = await ada.fast.start('src/f.ts', RANGE, 'rename total to sum');
      const turn = ada.fast.turn(info.requestId)!;
      await waitFor(() => turn.output.length > 100, 10_000, 'some output');
      await ada.fast.redirect(turn, 'rename total to amount');
      await waitFor(() => turn.redirects.length === 1 && turn.output.length > 120, 10_000, 'the redirect announced');

      const bob = await connectClient(s.url, { name: 'Bob' });
      const snapshots: FastTurnSnapshot[] = [];
      bob.on('fast/started', (t) => snapshots.push(t));
      const bobFast = new FastLaneClient(bob, () => false, frames);
      await openDoc(bob, 'src/f.ts');
      expect(snapshots).toHaveLength(1);
      const [joined] = snapshots;
      expect(joined.info.requestId).toBe(info.requestId);
      expect(joined.redirects).toEqual(['rename total to amount']);
      expect(joined.metrics.ttftMs).toBeGreaterThan(0);
      expect(joined.seq).toBeGreaterThan(1);
      expect(joined.output.length).toBeGreaterThan(0);

      // Bob's client, built from that snapshot, ends exactly where Ada's does.
      await waitFor(() => turn.state === 'done' && bobFast.turn(info.requestId)?.state === 'done', 15_000, 'both done');
      const bobTurn = bobFast.turn(info.requestId)!;
      expect(bobTurn.output).toBe(turn.output);
      expect(bobTurn.output).toBe(info.original.replace(/\btotal\b/g, 'amount'));
      expect(bobTurn.redirects).toEqual(turn.redirects);
      expect(bobTurn.self).toBe(false);
    },
  );

  it('a browser that misses an event asks for a snapshot and ends with the same output', async () => {
    // 400 tok/s: the turn's ~400 tokens arrive in many deltas even when a loaded machine batches them.
    const s = await setup(400);
    const ada = await person(s, 'Ada');
    let dropped = 0;
    // Bob's connection loses one delta of the turn on the way (the first from event 3 on).
    const bob = await person(
      s,
      'Bob',
      (socket) =>
        new Proxy(socket, {
          get(target, prop, receiver) {
            if (prop !== 'on') return Reflect.get(target, prop, receiver);
            return (event: string, handler: (p: { seq: number }) => void) =>
              target.on(event as 'fast/delta', (p) => {
                if (event === 'fast/delta' && dropped === 0 && p.seq >= 3) return void dropped++;
                (handler as (p: unknown) => void)(p);
              });
          },
        }),
    );
    const snapshotAsks: unknown[] = [];
    bob.socket.onAnyOutgoing((event, payload) => event === 'fast/snapshot' && snapshotAsks.push(payload));
    const info = await ada.fast.start('src/f.ts', RANGE, 'rename total to sum');
    const turn = ada.fast.turn(info.requestId)!;
    await waitFor(() => turn.state === 'done', 15_000, 'done');
    await waitFor(() => bob.fast.turn(info.requestId)?.state === 'done', 5000, 'Bob done');
    expect(dropped).toBe(1);
    expect(snapshotAsks).toEqual([{ path: 'src/f.ts', requestId: info.requestId }]);
    expect(bob.fast.turn(info.requestId)!.output).toBe(info.original.replace(/\btotal\b/g, 'sum'));
  });

  it('a turn keeps the id its asker chose; a reused or malformed id is refused and starts nothing', async () => {
    const s = await setup(5000);
    const ada = await person(s, 'Ada');
    const started: string[] = [];
    ada.socket.on('fast/started', (t) => started.push(t.info.requestId));
    const payload = {
      requestId: 'ada-0001-chosen',
      path: 'src/f.ts',
      range: { startLine: 1, endLine: 2 },
      instruction: 'rename total to sum',
    };
    const { turn } = await request(ada.socket, 'fast/start', payload);
    expect(turn.requestId).toBe('ada-0001-chosen');
    await expect(request(ada.socket, 'fast/start', payload)).rejects.toThrow(/already exists/);
    const bad = await rawEmit(ada.socket, 'fast/start', { ...payload, requestId: 'x y' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/requestId/) },
    });
    expect(started).toEqual(['ada-0001-chosen']);
  });

  it('Enter is one event: the server routes, starts the lane and answers with the decision', async () => {
    const s = await setup(5000);
    const ada = await person(s, 'Ada');
    const sentBefore = s.models.sim!.requests.length;
    const order: string[] = [];
    ada.socket.on('fast/started', () => order.push('started'));
    const requestId = ada.fast.newRequest();
    const reply = await request(ada.socket, 'instruction/submit', {
      requestId,
      instruction: 'rename total to sum',
      path: 'src/f.ts',
      range: { startLine: 2, endLine: 4 },
    });
    order.push('answer');
    expect(reply.decision).toMatchObject({ lane: 'fast', override: false });
    expect(reply.turn?.requestId).toBe(requestId);
    // The turn had started on the server before the answer left it: no second request from the browser.
    expect(order).toEqual(['started', 'answer']);
    await waitFor(() => s.models.sim!.requests.length === sentBefore + 1, 5000, 'the model request');
    await waitFor(() => ada.fast.turn(requestId)?.state === 'done', 10_000, 'ghost done');
    expect(ada.fast.turn(requestId)!.self).toBe(true);
    expect(ada.fast.turn(requestId)!.timings.submitAt).toBeDefined();

    const chosen = await request(ada.socket, 'instruction/submit', {
      requestId: ada.fast.newRequest(),
      instruction: 'rename total to sum',
      path: 'src/f.ts',
      range: { startLine: 2, endLine: 4 },
      lane: 'review',
    });
    expect(chosen.decision).toMatchObject({
      lane: 'review',
      override: true,
      reason: expect.stringMatching(/you chose the review lane \(the router said fast/),
    });
    expect(chosen.review?.path).toBe('src/f.ts');
    expect(chosen.turn).toBeUndefined();

    const bg = await request(ada.socket, 'instruction/submit', {
      requestId: ada.fast.newRequest(),
      instruction: '/bg add tests for f',
      path: 'src/f.ts',
      range: null,
    });
    expect(bg.decision).toMatchObject({ lane: 'strong', override: true });
    expect(bg.run?.instruction).toBe('add tests for f');

    const noRange = await rawEmit(ada.socket, 'instruction/submit', {
      requestId: ada.fast.newRequest(),
      instruction: '/fast rename x',
      path: 'src/f.ts',
      range: null,
    });
    expect(noRange).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/select the code/) },
    });
  });

  it("prewarm answers whether the fast model's connection is warm, apart from the acknowledgement's ok", async () => {
    const s = await setup(5000);
    const ada = await person(s, 'Ada');
    const reply = await rawEmit(ada.socket, 'fast/prewarm', {});
    expect(reply).toMatchObject({ ok: true, warm: true, ms: expect.any(Number) });
  });
});
