// Integration: the fast lane over a real socket, with the simulated model over real HTTP.
import { describe, expect, it } from 'vitest';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastDelta, FastStateEvent, FastTurnInfo } from '../../lib/protocol';
import { countTokens } from '../models/sim/tokenize';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { testServers } from '../testing/testServers';
import { connectClient, makeWorkspace, openDoc, rawEmit, settled, startTestServer, waitFor } from '../testing/fixtures';
import { heldFirstFastStream } from '../testing/heldStream';

const { track } = testServers();

/** `held`: the first fast stream stops after that many tokens and stays open until Tandem closes it. */
async function setup(tps = 1000, held?: number) {
  const workspace = makeWorkspace({
    'src/sum.ts': TOTAL_CODE,
    ...(held ? { 'tandem.config.json': JSON.stringify(heldFirstFastStream(held)) } : {}),
  });
  const s = await startTestServer({ workspace }, { 'sim-fast': { tokensPerSecond: tps, ttftMs: 20 } });
  track(s);
  const socket = await connectClient(s.url, { name: 'Ada' });
  const doc = await openDoc(socket, 'src/sum.ts');
  return { s, socket, doc };
}

/** Follows one turn's events on a socket, rebuilding the ghost output as a client does. */
function follow(socket: ClientSocket) {
  const t = { output: '', states: [] as FastStateEvent[], deltas: [] as FastDelta[], started: [] as FastTurnInfo[] };
  socket.on('fast/started', (snapshot) => t.started.push(snapshot.info));
  socket.on('fast/delta', (d) => {
    t.deltas.push(d);
    t.output = t.output.slice(0, d.from) + d.text;
  });
  socket.on('fast/state', (e) => t.states.push(e));
  return t;
}

const lastState = (t: ReturnType<typeof follow>) => t.states.at(-1)?.state;

const RENAME = { path: 'src/sum.ts', range: { startLine: 1, endLine: 7 }, instruction: 'rename total to sum' };

/**
 * A rename of the whole function, followed on the asker's socket until more than `shown` characters
 * arrived; the stream is held there, so it is still running whatever the test does next.
 */
async function streamingRename(shown: number) {
  const { s, socket } = await setup(200, Math.ceil(shown / 4) + 4);
  const t = follow(socket);
  const { turn } = await request(socket, 'fast/start', RENAME);
  await waitFor(() => t.output.length > shown, 10_000, 'some output');
  return { s, socket, t, turn };
}

describe('fast lane', () => {
  it('streams a rewrite of the range and reports done with metrics', async () => {
    // 50 tok/s: the stream lasts over a second, so its tokens arrive in more than one read even on a
    // loaded machine (a stream read in one chunk has no measurable rate, and tokens/s stays unset;
    // at 200 tok/s that happened with the machine's load near 15).
    const { s, socket } = await setup(50);
    const t = follow(socket);
    const { turn } = await request(socket, 'fast/start', RENAME);
    expect(turn.original).toBe(TOTAL_CODE.split('\n').slice(0, 7).join('\n'));
    expect(turn.model.simulated).toBe(true);
    await waitFor(() => lastState(t) === 'done', 10_000, 'done');
    expect(t.output).toBe(turn.original.replace(/\btotal\b/g, 'sum'));
    const { metrics } = t.states.at(-1)!;
    expect(metrics.ttftMs).toBeGreaterThan(0);
    expect(metrics.harnessMs).toBeGreaterThan(0);
    expect(metrics.harnessMs!).toBeLessThan(metrics.ttftMs! + 1000);
    // The simulator reports usage: tokens/s is the model's token count over the stream's time, not an estimate.
    expect(metrics.tokensEstimated).toBe(false);
    const sent = s.models.sim!.requests.find((r) => r.path === '/v1/chat/completions')!.tokensSent;
    expect(metrics.outputTokens).toBe(sent);
    expect(metrics.tokensPerSec).toBeGreaterThan(0);
    const sim = s.models.sim!.requests.find((r) => r.path === '/v1/chat/completions')!;
    expect(JSON.stringify(sim.body)).toContain('rename total to sum');
    socket.disconnect();
  });

  it('interrupt aborts the upstream request at once and nothing follows', async () => {
    const { s, socket, t, turn } = await streamingRename(10);
    const closed = new Promise<number>((resolve) => s.models.sim!.events.once('closed', (r) => resolve(r.closedAt!)));
    const sentAt = performance.now();
    const { metrics } = await request(socket, 'fast/interrupt', { requestId: turn.requestId });
    const answeredAt = performance.now();
    const closedAt = await closed;
    expect(closedAt - sentAt).toBeLessThan(1000);
    // The answer waits for the upstream response to close: the figure is measured, and inside the round trip.
    expect(metrics.interruptToCloseMs).toBeGreaterThan(0);
    expect(metrics.interruptToCloseMs!).toBeLessThan(answeredAt - sentAt);
    // Stopped before the model's usage arrived: its tokens are counted as an estimate, and say so.
    expect(metrics.tokensEstimated).toBe(true);
    expect(s.models.sim!.requests.at(-1)!.aborted).toBe(true);
    const deltasAtInterrupt = t.deltas.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(t.deltas.length).toBe(deltasAtInterrupt);
    expect(lastState(t)).toBe('interrupted');
    socket.disconnect();
  });

  it('redirect sends the original instruction, the partial output and the correction', async () => {
    const { s, socket, t, turn } = await streamingRename(20);
    const partial = t.output;
    await request(socket, 'fast/redirect', {
      requestId: turn.requestId,
      instruction: 'rename total to amount instead',
    });
    await waitFor(() => lastState(t) === 'done', 10_000, 'done after redirect');
    const second = s.models.sim!.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    const body = JSON.stringify(second.body);
    expect(body).toContain('rename total to sum');
    expect(body).toContain('rename total to amount instead');
    expect(body).toContain(JSON.stringify(partial).slice(1, 20));
    expect(t.output).toBe(
      TOTAL_CODE.split('\n')
        .slice(0, 7)
        .join('\n')
        .replace(/\btotal\b/g, 'amount'),
    );
    expect(t.states.at(-1)!.redirects).toEqual(['rename total to amount instead']);
    socket.disconnect();
  });

  it("accept lands as minimal edits, keeping a collaborator's concurrent edit", async () => {
    const { s, socket, doc } = await setup(300);
    const bob = await connectClient(s.url, { name: 'Bob' });
    const bobDoc = await openDoc(bob, 'src/sum.ts');
    const bobSees = follow(bob);
    const client = new FastLaneClient(
      socket,
      (_path, change) => (doc.doc.transact(() => change(doc.text)), true),
      (cb) => setTimeout(cb, 16) as unknown as number,
    );
    const info = await client.start('src/sum.ts', { startLine: 1, endLine: 7 }, 'rename total to sum');
    await waitFor(() => (client.turn(info.requestId)?.output.length ?? 0) > 10, 10_000, 'streaming');
    bobDoc.text.insert(bobDoc.text.length, '// appended by Bob\n');
    bobDoc.text.insert(0, '// top by Bob\n');
    await waitFor(() => client.turn(info.requestId)?.state === 'done', 10_000, 'done');
    expect(bobSees.started[0].by).toBe('Ada');
    expect(bobDoc.text.toString()).not.toContain('sum');
    await waitFor(
      () => doc.text.toString().includes('appended by Bob') && doc.text.toString().startsWith('// top by Bob'),
      5000,
      'bob edits',
    );
    client.accept(client.turn(info.requestId)!);
    const expected = '// top by Bob\n' + TOTAL_CODE.replace(/\btotal\b/g, 'sum') + '// appended by Bob\n';
    expect(doc.text.toString()).toBe(expected);
    await waitFor(() => bobDoc.text.toString() === expected, 5000, 'bob converges');
    await waitFor(() => bobSees.states.at(-1)?.state === 'accepted', 5000, 'accepted state');
    const { turns } = await request(socket, 'fast/history', { path: 'src/sum.ts' });
    expect(turns[0]).toMatchObject({
      instruction: 'rename total to sum',
      outcome: 'accepted',
      by: 'Ada',
      reason: expect.stringMatching(/fast lane/),
    });
    socket.disconnect();
    bob.disconnect();
  });

  it('after a stop, server and browser agree on the text, and a redirect continues exactly from it', async () => {
    const BIG = Array.from({ length: 60 }, (_, i) => `  total += item${i}; // line ${i}`).join('\n');
    for (let attempt = 0; attempt < 5; attempt++) {
      const cut = 200 + attempt * 150;
      // Each attempt's first stream is held past its cut, so the stop lands mid-stream on any machine.
      const { s, socket, doc } = await setup(20_000, Math.ceil(cut / 4) + 10);
      doc.text.insert(0, `function f() {\n${BIG}\n}\n`);
      await settled(doc);
      const fast = new FastLaneClient(
        socket,
        () => true,
        (cb) => setTimeout(cb, 16) as unknown as number,
      );
      const info = await fast.start('src/sum.ts', { startLine: 1, endLine: 62 }, 'rename total to sum');
      const turn = fast.turn(info.requestId)!;
      await waitFor(() => turn.output.length > cut, 10_000, 'some output');
      await fast.interrupt(turn);
      expect(turn.state).toBe('interrupted');
      const { turns } = await request(socket, 'fast/history', { path: 'src/sum.ts' });
      expect(turns.find((t) => t.requestId === info.requestId)!.output).toBe(turn.output);
      const kept = turn.output.length;
      await fast.redirect(turn, 'rename total to sum');
      await waitFor(() => turn.state === 'done', 10_000, 'done after redirect');
      const final = info.original.replace(/\btotal\b/g, 'sum');
      expect(turn.output).toBe(final);
      // Continued, not restarted: the model was asked with the kept text and sent only what follows it.
      const redirected = s.models.sim!.requests.at(-1)!;
      expect(JSON.stringify(redirected.body)).toContain(
        JSON.stringify(turn.output.slice(kept - 40, kept)).slice(1, -1),
      );
      expect(redirected.tokensSent).toBe(countTokens(final.slice(kept)));
      expect(redirected.tokensSent).toBeLessThan(countTokens(final) - 40);
      fast.reject(turn);
      socket.disconnect();
    }
  });

  it('a later request on the same range sees the recent turns', async () => {
    const { s, socket } = await setup(5000);
    const t = follow(socket);
    const first = await request(socket, 'fast/start', {
      path: 'src/sum.ts',
      range: { startLine: 1, endLine: 7 },
      instruction: 'add a doc comment',
    });
    await waitFor(() => lastState(t) === 'done', 10_000, 'first done');
    await request(socket, 'fast/resolve', { requestId: first.turn.requestId, outcome: 'rejected' });
    await request(socket, 'fast/start', {
      path: 'src/sum.ts',
      range: { startLine: 2, endLine: 4 },
      instruction: 'rename total to sum',
    });
    await waitFor(() => t.states.filter((e) => e.state === 'done').length === 2, 10_000, 'second done');
    const body = JSON.stringify(s.models.sim!.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body);
    expect(body).toContain('Recent requests on this code');
    expect(body).toContain('add a doc comment');
    expect(body).toContain('rejected');
    socket.disconnect();
  });

  it('a file deleted while its ghost streams stops the stream and records the ghost as rejected', async () => {
    const { s, t } = await streamingRename(10);
    const closed = new Promise<void>((resolve) => s.models.sim!.events.once('closed', () => resolve()));
    const bo = await connectClient(s.url, { name: 'Bo' });
    expect(await request(bo, 'doc/delete', { path: 'src/sum.ts' })).toMatchObject({ deleted: true });
    await closed;
    expect(s.models.sim!.requests.at(-1)!.aborted).toBe(true);
    await waitFor(() => lastState(t) === 'rejected', 5000, 'the ghost rejected');
    expect(t.states.at(-1)!.message).toBe('src/sum.ts was deleted');
    bo.disconnect();
  });

  it('refuses bad requests with clear messages', async () => {
    const { socket } = await setup();
    const refusal = async (p: unknown) => {
      const reply = await rawEmit(socket, 'fast/start', p);
      return reply.ok ? undefined : reply.error.message;
    };
    expect(await refusal({ path: 'src/sum.ts', range: { startLine: 1, endLine: 2 }, instruction: '  ' })).toMatch(
      /instruction is empty/,
    );
    expect(await refusal({ path: 'src/sum.ts', range: { startLine: 50, endLine: 60 }, instruction: 'x' })).toMatch(
      /no longer exist/,
    );
    expect(await refusal({ path: 'README.md', range: { startLine: 1, endLine: 1 }, instruction: 'x' })).toMatch(
      /not open on this connection/,
    );
    expect(await refusal({ path: 'src/sum.ts', range: { startLine: 3, endLine: 1 }, instruction: 'x' })).toMatch(
      /endLine must not be before/,
    );
    socket.disconnect();
  });
});
