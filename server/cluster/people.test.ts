// People across nodes, with a real redis-server: someone on node B sees who is on node A (also a
// node started later, and someone who leaves), and a ghost edit started on A streams to a watcher
// on B — both one who had the file open and one who opens it mid-stream; each node labels its
// /metrics with its node id.
import { describe, expect, it } from 'vitest';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import type { FastDelta, FastTurnSnapshot } from '../../lib/protocol';
import { makeWorkspace, openDoc, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { WorkspacePresenceClient } from '../testing/presenceClient';
import { clusterFixture } from './clusterFixture';

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

  const BODY = Array.from({ length: 30 }, (_, i) => `  total += item${i}; // line ${i}`).join('\n');
  const CODE = `export function f(total: number) {\n${BODY}\n  return total;\n}\n`;
  const RANGE = { startLine: 1, endLine: 33 };
  const frames = (cb: () => void) => setTimeout(cb, 16) as unknown as number;

  it('a ghost edit started on A streams to watchers on B, one who opens the file mid-stream too', async () => {
    const ws = makeWorkspace({ 'src/f.ts': CODE });
    const slow = { 'sim-fast': { tokensPerSecond: 300, ttftMs: 5 } };
    const a = await fx.node('a', ws, {}, slow);
    const b = await fx.node('b', ws, {}, slow);

    const adaSocket = await fx.person(a.url, 'Ada');
    const adaDoc = await openDoc(adaSocket, 'src/f.ts');
    const ada = new FastLaneClient(
      adaSocket,
      (_p, change) => (adaDoc.doc.transact(() => change(adaDoc.text)), true),
      frames,
    );

    const watcher = await fx.person(b.url, 'Bob');
    const started: FastTurnSnapshot[] = [];
    const deltas: FastDelta[] = [];
    watcher.on('fast/started', (t) => started.push(t));
    watcher.on('fast/delta', (d) => deltas.push(d));
    await openDoc(watcher, 'src/f.ts');

    const info = await ada.start('src/f.ts', RANGE, 'rename total to sum');
    const turn = ada.turn(info.requestId)!;
    await waitFor(() => started.length > 0 && deltas.length > 3, 20_000, 'the ghost to stream to B');
    // Twice at most (the broadcast, and B's question to A at open if it crossed the start): the client keeps one.
    expect(new Set(started.map((t) => t.info.requestId))).toEqual(new Set([info.requestId]));
    expect(started[0].info.by).toBe('Ada');
    await waitFor(() => turn.output.length > 80, 20_000, 'some output');

    // Someone who opens the file on B mid-stream gets the turn's snapshot, then follows it to the end.
    const late = await fx.person(b.url, 'Cy');
    const lateStarted: FastTurnSnapshot[] = [];
    late.on('fast/started', (t) => lateStarted.push(t));
    const lateFast = new FastLaneClient(late, () => false, frames);
    await openDoc(late, 'src/f.ts');
    await waitFor(() => lateStarted.length > 0, 20_000, 'the snapshot from node A');
    expect(lateStarted.map((t) => t.info.requestId)).toEqual([info.requestId]);
    await waitFor(
      () => turn.state === 'done' && lateFast.turn(info.requestId)?.state === 'done',
      30_000,
      'both to see the turn done',
    );
    expect(lateFast.turn(info.requestId)!.output).toBe(turn.output);
    expect(turn.output).toBe(info.original.replace(/\btotal\b/g, 'sum'));
  }, 60_000);
});
