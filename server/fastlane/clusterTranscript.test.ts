// The fast lane's transcript in a cluster, with a real redis-server: a turn made on node A is in node
// B's transcript with its outcome and in the prompt of a later request on B on the same range; a
// node killed mid-stream (SIGKILL) finds its turn interrupted at its restart, while another live
// node's streaming turn is left streaming. With Redis away, a turn still runs on its node, the side
// panel's read is refused with a clear message, and the turn's record lands once Redis is back.
import { describe, expect, it } from 'vitest';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastStateEvent } from '../../lib/protocol';
import { clusterFixture } from '../cluster/clusterFixture';
import { rejectedFastTurn, TOTAL_CODE } from '../testing/fastLaneFixture';
import { makeWorkspace, tempDir, waitFor } from '../testing/fixtures';

const fx = clusterFixture();
const PATH = 'src/sum.ts';
const ADA_KEY = 'ada-tab-key-0123456789abcdef';

const person = (url: string, name: string, clientKey?: string) => fx.personOn(url, PATH, name, clientKey);

/** What a person sees of the turns on the file: each turn's output and its state events. */
function watch(socket: ClientSocket) {
  const outputs = new Map<string, string>();
  const states: FastStateEvent[] = [];
  socket.on('fast/delta', (d) => outputs.set(d.requestId, (outputs.get(d.requestId) ?? '').slice(0, d.from) + d.text));
  socket.on('fast/state', (e) => states.push(e));
  return { outputs, states };
}

describe('the fast-lane transcript across nodes', () => {
  it("a turn made on A is in B's transcript with its outcome, and in the prompt on B on that range", async () => {
    const ws = makeWorkspace({ [PATH]: TOTAL_CODE });
    const a = await fx.node('a', ws, {}, { 'sim-fast': { tokensPerSecond: 5000, ttftMs: 5 } });
    const b = await fx.node('b', ws, {}, { 'sim-fast': { tokensPerSecond: 5000, ttftMs: 5 } });
    const range = { startLine: 1, endLine: 7 };
    // B has the file's history in memory first (its own turn); A's turn must still reach B's prompt.
    const bob = await person(b.url, 'Bob');
    const seen = watch(bob);
    const { turn: first } = await request(bob, 'fast/start', { path: PATH, range, instruction: 'add types' });
    await waitFor(() => seen.states.some((e) => e.state === 'done'), 20_000, "B's first turn done");
    await request(bob, 'fast/resolve', { requestId: first.requestId, outcome: 'accepted', acceptedHunks: 1 });
    fx.track(await rejectedFastTurn(a.url, { path: PATH, range, instruction: 'add a doc comment' }));

    await waitFor(
      async () => {
        const { turns } = await request(bob, 'fast/history', { path: PATH });
        return turns.some((t) => t.instruction === 'add a doc comment' && t.outcome === 'rejected');
      },
      20_000,
      "A's turn, rejected, in the transcript on B",
    );
    const { turns } = await request(bob, 'fast/history', { path: PATH });
    expect(turns.map((t) => t.instruction)).toEqual(['add a doc comment', 'add types']);
    expect(turns[0]).toMatchObject({ by: 'Meter', range, outcome: 'rejected' });
    expect(turns[0].output.length).toBeGreaterThan(0);

    const { turn: second } = await request(bob, 'fast/start', {
      path: PATH,
      range: { startLine: 2, endLine: 4 },
      instruction: 'rename total',
    });
    await waitFor(
      () => seen.states.some((e) => e.requestId === second.requestId && e.state === 'done'),
      20_000,
      "B's second turn done",
    );
    const asked = b.models.sim!.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    const body = JSON.stringify(asked.body);
    expect(body).toContain('Recent requests on this code');
    expect(body).toContain('add a doc comment');
    expect(body).toContain('rejected');
    expect(body).toContain('add types');
  }, 90_000);

  it("a node killed mid-stream ends its own turn at its restart and leaves a live node's turn streaming", async () => {
    // Every fast stream holds after 12 tokens: both turns are mid-stream when A dies.
    const ws = makeWorkspace({
      [PATH]: TOTAL_CODE,
      'tandem.config.json': JSON.stringify({
        models: { fast: { model: 'sim-fast+stall:12', stallTimeoutMs: 600_000 } },
      }),
    });
    const dataDir = tempDir('data-a');
    const startA = () => fx.processNode('a', ws, dataDir);
    const first = await startA();
    let second: Awaited<ReturnType<typeof startA>> | null = null;
    try {
      const b = await fx.node('b', ws);
      const ada = await person(first.url, 'Ada', ADA_KEY);
      const bob = await person(b.url, 'Bob');
      const seen = watch(bob);
      const { turn: onA } = await request(ada, 'fast/start', {
        path: PATH,
        range: { startLine: 1, endLine: 7 },
        instruction: 'rename total to sum',
      });
      const { turn: onB } = await request(bob, 'fast/start', {
        path: PATH,
        range: { startLine: 2, endLine: 4 },
        instruction: 'rename item to x',
      });
      // Both streams are recorded (a streaming turn's output goes to the transcript every half second).
      await waitFor(
        async () => {
          const { turns } = await request(bob, 'fast/history', { path: PATH });
          return [onA, onB].every((t) => turns.find((r) => r.requestId === t.requestId)?.output.length);
        },
        30_000,
        'both streaming turns recorded with output',
      );
      const shownOfA = seen.outputs.get(onA.requestId) ?? '';
      await first.kill('SIGKILL');

      second = await startA();
      const back = await person(second.url, 'Ada', ADA_KEY);
      const { turn: left } = await request(back, 'fast/snapshot', { path: PATH, requestId: onA.requestId });
      expect(left.state).toBe('interrupted');
      expect(left.message).toBe('the server stopped while this streamed');
      expect(left.output.length).toBeGreaterThan(0);
      expect(shownOfA.startsWith(left.output) || left.output.startsWith(shownOfA)).toBe(true);
      // Its asker can still accept it; Bob on B hears it.
      await request(back, 'fast/resolve', { requestId: onA.requestId, outcome: 'accepted', acceptedHunks: 1 });
      await waitFor(
        () => seen.states.some((e) => e.requestId === onA.requestId && e.state === 'accepted'),
        20_000,
        'the outcome told to Bob on B',
      );

      // B's turn is still streaming: in B's session and on record.
      const { turns } = await request(back, 'fast/history', { path: PATH });
      expect(turns.find((t) => t.requestId === onB.requestId)?.outcome).toBe('streaming');
      expect(turns.find((t) => t.requestId === onA.requestId)?.outcome).toBe('accepted');
      const { turn: live } = await request(bob, 'fast/snapshot', { path: PATH, requestId: onB.requestId });
      expect(live.state).toBe('streaming');
    } finally {
      await first.kill('SIGKILL');
      await second?.kill('SIGKILL');
    }
  }, 150_000);

  it('with Redis away a turn still runs; the transcript is refused, then has the turn once Redis is back', async () => {
    const ws = makeWorkspace({ [PATH]: TOTAL_CODE });
    const a = await fx.node('a', ws, { durableWaitMs: 300 }, { 'sim-fast': { tokensPerSecond: 5000, ttftMs: 5 } });
    const ada = await person(a.url, 'Ada');
    const seen = watch(ada);
    await fx.redis().stop();
    try {
      const { turn } = await request(ada, 'fast/start', {
        path: PATH,
        range: { startLine: 1, endLine: 7 },
        instruction: 'rename total to sum',
      });
      await waitFor(() => seen.states.some((e) => e.state === 'done'), 20_000, 'the turn done without Redis');
      await request(ada, 'fast/resolve', { requestId: turn.requestId, outcome: 'rejected' });
      await expect(request(ada, 'fast/history', { path: PATH })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(/Redis has not answered.*try again when Redis is back/),
      });
    } finally {
      await fx.redis().restart();
    }
    await waitFor(
      async () => {
        const { turns } = await request(ada, 'fast/history', { path: PATH }).catch(() => ({ turns: [] }));
        return turns.some((t) => t.outcome === 'rejected' && t.output === seen.outputs.values().next().value);
      },
      30_000,
      'the turn on record, rejected, once Redis is back',
    );
  }, 90_000);
});
