// A person's fast-lane turn across the nodes of a cluster, with a real redis-server: the asker
// whose connection moves from node A to node B mid-stream follows the turn from B and steers it
// (interrupt, resolve) on A, and A keeps it past its grace period while the person is on B; a
// node killed with SIGKILL mid-stream leaves no ghost behind on a watcher's screen on another node.
import { describe, expect, it } from 'vitest';
import { clientIdOf } from '../../lib/client/clientId';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastStateEvent } from '../../lib/protocol';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { makeWorkspace, waitFor } from '../testing/fixtures';
import { heldFirstFastStream } from '../testing/heldStream';
import { clusterFixture } from './clusterFixture';

const fx = clusterFixture();
const PATH = 'src/sum.ts';
const RENAME = { path: PATH, range: { startLine: 1, endLine: 7 }, instruction: 'rename total to sum' };
const ADA_KEY = 'ada-tab-key-0123456789abcdef';

const person = (url: string, name: string, clientKey?: string) => fx.personOn(url, PATH, name, clientKey);

/** Bob's view of the turns on the file: what a watcher's screen shows. */
function watch(socket: ClientSocket) {
  const seen = { output: '', states: [] as FastStateEvent[] };
  socket.on('fast/delta', (d) => (seen.output = seen.output.slice(0, d.from) + d.text));
  socket.on('fast/state', (e) => seen.states.push(e));
  return seen;
}

/** The first fast stream holds after a few tokens (`always`: every one does, whatever came before it). */
const workspace = (always = false) =>
  makeWorkspace({
    [PATH]: TOTAL_CODE,
    'tandem.config.json': JSON.stringify(
      always ? { models: { fast: { model: 'sim-fast+stall:12', stallTimeoutMs: 600_000 } } } : heldFirstFastStream(12),
    ),
  });

describe('fast-lane turns across nodes', () => {
  it('the asker moves to another node mid-stream and steers the turn from there', async () => {
    const ws = workspace();
    const a = await fx.node('a', ws, { fastReconnectGraceMs: 500 });
    const b = await fx.node('b', ws, { fastReconnectGraceMs: 500 });
    const ada = await person(a.url, 'Ada', ADA_KEY);
    const bob = watch(await person(b.url, 'Bob'));
    const { turn } = await request(ada, 'fast/start', RENAME);
    await waitFor(() => bob.output.length > 10, 20_000, 'the ghost streaming to Bob on B');

    ada.disconnect();
    const back = await person(b.url, 'Ada', ADA_KEY);
    expect(clientIdOf(back)).toBe(turn.byClient);
    // Well past A's grace period: A asks the cluster and finds Ada on B, so the turn lives on.
    await new Promise((r) => setTimeout(r, 2000));
    expect(bob.states.map((e) => e.state)).toEqual([]);
    const { turn: mine } = await request(back, 'fast/snapshot', { path: PATH, requestId: turn.requestId });
    expect(mine.state).toBe('streaming');
    expect(mine.info.byClient).toBe(clientIdOf(back));

    // Someone else on B cannot steer it; Ada can, from B, though it streams on A.
    const eve = await person(b.url, 'Eve');
    await expect(request(eve, 'fast/interrupt', { requestId: turn.requestId })).rejects.toMatchObject({
      code: 'not_found',
    });
    const { metrics } = await request(back, 'fast/interrupt', { requestId: turn.requestId, keptLength: 8 });
    expect(metrics).toBeDefined();
    await waitFor(() => bob.states.at(-1)?.state === 'interrupted', 20_000, 'interrupted, seen on B');
    expect(bob.output.length).toBe(8);
    await request(back, 'fast/resolve', { requestId: turn.requestId, outcome: 'rejected' });
    await waitFor(() => bob.states.at(-1)?.state === 'rejected', 20_000, 'rejected, seen on B');
    // A recorded it: the transcript (A's) has the outcome Ada chose on B.
    const history = await request(await person(a.url, 'Cid'), 'fast/history', { path: PATH });
    expect(history.turns.find((t) => t.requestId === turn.requestId)?.outcome).toBe('rejected');
  }, 120_000);

  it('a node killed mid-stream leaves no ghost on a watcher on another node', async () => {
    const ws = workspace(true);
    const a = await fx.processNode('a', ws);
    try {
      const b = await fx.node('b', ws);
      const ada = await person(a.url, 'Ada', ADA_KEY);
      const bobSocket = await person(b.url, 'Bob');
      const bob = new FastLaneClient(
        bobSocket,
        () => false,
        (cb) => setTimeout(cb, 16) as unknown as number,
      );
      const { turn } = await request(ada, 'fast/start', RENAME);
      await waitFor(() => (bob.turn(turn.requestId)?.output.length ?? 0) > 10, 20_000, 'the ghost on B');
      expect(bob.turn(turn.requestId)!.state).toBe('streaming');
      await a.kill('SIGKILL');
      // No event will say so: Bob's browser notices the stream went quiet, asks, and lets it go.
      await waitFor(() => bob.turn(turn.requestId) === undefined, 30_000, 'the dead node’s ghost gone on B');
    } finally {
      await a.kill('SIGKILL');
    }
  }, 120_000);
});
