// People across nodes, with a real redis-server: someone on node B sees who is on node A (also a
// node started later, and someone who leaves), and a ghost edit started on A streams to a watcher
// on B — both one who had the file open and one who opens it mid-stream; each node labels its
// /metrics with its node id.
import { describe, expect, it } from 'vitest';
import { makeWorkspace, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { WorkspacePresenceClient } from '../testing/presenceClient';
import { clusterFixture, RENAME } from './clusterFixture';

const fx = clusterFixture();

describe('people across nodes', () => {
  it('a person on one node sees the people on the others, also from a node started later', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const present = async (url: string, name: string) => {
      let client: WorkspacePresenceClient | null = null;
      const socket = await fx.person(url, name, {
        beforeConnect: (s) => (client = new WorkspacePresenceClient(s, { name, color: '#123456' })),
      });
      await client!.announce();
      return { socket, client: client! };
    };
    const ann = await present(a.url, 'Ann');
    const bob = await present(b.url, 'Bob');
    await waitFor(() => bob.client.names().includes('Ann'), 20_000, 'Bob to see Ann');
    await waitFor(() => ann.client.names().includes('Bob'), 20_000, 'Ann to see Bob');

    const c = await fx.node('c', ws);
    const cid = await present(c.url, 'Cid');
    await waitFor(
      () => ['Ann', 'Bob'].every((n) => cid.client.names().includes(n)),
      20_000,
      'Cid, on a node started later, to see Ann and Bob',
    );
    await waitFor(() => ann.client.names().includes('Cid'), 20_000, 'Ann to see Cid');

    bob.socket.disconnect();
    await waitFor(
      () => !ann.client.names().includes('Bob') && !cid.client.names().includes('Bob'),
      20_000,
      'Bob gone for Ann and Cid',
    );
    // Three nodes and five waits: on a loaded machine the whole takes longer than the default 20 s.
  }, 120_000);

  it("each node's /metrics says which node measured it", async () => {
    const ws = makeWorkspace();
    const nodes = { a: await fx.node('a', ws), b: await fx.node('b', ws) };
    for (const [id, node] of Object.entries(nodes)) {
      const res = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`node="${id}"`);
      expect(text).not.toContain(`node="${id === 'a' ? 'b' : 'a'}"`);
    }
  });

  it('a ghost edit started on A streams to watchers on B, one who opens the file mid-stream too', async () => {
    const ws = makeWorkspace({ [RENAME.path]: RENAME.code });
    const slow = { 'sim-fast': { tokensPerSecond: 300, ttftMs: 5 } };
    const a = await fx.node('a', ws, {}, slow);
    const b = await fx.node('b', ws, {}, slow);

    const ada = await fx.asker(a.url, RENAME.path, 'Ada');
    const watcher = await fx.watcher(b.url, RENAME.path, 'Bob');

    const info = await ada.fast.start(RENAME.path, RENAME.range, RENAME.instruction);
    const turn = ada.fast.turn(info.requestId)!;
    await waitFor(() => watcher.started.length > 0 && watcher.deltas.length > 3, 20_000, 'the ghost to stream to B');
    // Twice at most (the broadcast, and B's question to A at open if it crossed the start): the client keeps one.
    expect(new Set(watcher.started.map((t) => t.info.requestId))).toEqual(new Set([info.requestId]));
    expect(watcher.started[0].info.by).toBe('Ada');
    await waitFor(() => turn.output.length > 80, 20_000, 'some output');

    // Someone who opens the file on B mid-stream gets the turn's snapshot, then follows it to the end.
    const late = await fx.watcher(b.url, RENAME.path, 'Cy');
    await waitFor(() => late.started.length > 0, 20_000, 'the snapshot from node A');
    expect(late.started.map((t) => t.info.requestId)).toEqual([info.requestId]);
    await waitFor(
      () => turn.state === 'done' && late.fast.turn(info.requestId)?.state === 'done',
      30_000,
      'both to see the turn done',
    );
    expect(late.fast.turn(info.requestId)!.output).toBe(turn.output);
    expect(turn.output).toBe(RENAME.renamed(info.original));
  }, 60_000);
});
