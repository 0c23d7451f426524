// The dashboard's cluster view: the rows as a pure function, and two real web nodes on a real
// redis-server — each node's figures side by side, a node that stopped answering shown down; the
// embedded mode answers `cluster: null`.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clusterSummarySchema, type ClusterSummary, type NodeFigures } from '../../lib/protocol/clusterMetrics';
import type { ClientSocket } from '../../lib/client/socket';
import { connectClient, makeWorkspace, startTestServer, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { startRedis, type TestRedis } from '../testing/redis';
import { clusterRows } from './clusterView';

type Node = Awaited<ReturnType<typeof startTestServer>>;
let redis: TestRedis;
let nodes: Node[] = [];
let sockets: ClientSocket[] = [];
beforeAll(async () => {
  redis = await startRedis({ fsync: 'everysec' });
});
afterEach(async () => {
  sockets.forEach((s) => s.disconnect());
  await Promise.all(nodes.map((n) => n.close()));
  [nodes, sockets] = [[], []];
  const direct = new Redis(redis.url);
  await direct.flushall();
  direct.disconnect();
});
afterAll(() => redis.stop());

const figures = (node: string, extra: Partial<NodeFigures> = {}): NodeFigures => ({
  node,
  people: 1,
  fastTurns: 2,
  ttftMs: [10, 30],
  tokensPerSec: [900],
  runsRunning: 0,
  ...extra,
});

async function clusterOf(url: string): Promise<ClusterSummary> {
  const res = await fetch(`${url}/api/metrics/cluster`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
  expect(res.status).toBe(200);
  return clusterSummarySchema.parse(await res.json());
}

describe('cluster view', () => {
  it('lists this node, the nodes that answered, and the ones heard before as down; totals the live ones', () => {
    const seen = new Map([['c', { figures: figures('c', { people: 7 }), at: 500 }]]);
    const view = clusterRows({
      self: figures('a', { ttftMs: [20] }),
      answers: [figures('b', { people: 2, runsRunning: 1 })],
      seen,
      now: 1000,
      runsRunning: 3,
    });
    expect(view.nodes.map((n) => [n.node, n.up, n.self])).toEqual([
      ['a', true, true],
      ['b', true, false],
      ['c', false, false],
    ]);
    expect(view.nodes[2]!.lastSeenAt).toBe(500);
    expect(view.nodes[0]!.ttftP50).toBe(20);
    expect(view.total).toEqual({
      nodesUp: 2,
      nodesDown: 1,
      people: 3,
      fastTurns: 4,
      tokensPerSecP50: 900,
      ttftP50: 20,
      runsRunning: 3,
    });
  });

  it('two web nodes side by side; one that stops answering is shown down', async () => {
    const ws = makeWorkspace({ 'a.txt': 'a\n' });
    for (const id of ['node-a', 'node-b'])
      nodes.push(await startTestServer({ redisUrl: redis.url, nodeId: id, workspace: ws }));
    const [a, b] = nodes as [Node, Node];
    sockets.push(await connectClient(b.url, { name: 'Bo' }), await connectClient(b.url, { name: 'Cy' }));
    sockets.push(await connectClient(a.url, { name: 'Ada' }));
    let view: ClusterSummary['cluster'] = null;
    await waitFor(
      async () => {
        view = (await clusterOf(a.url)).cluster;
        return view?.nodes.find((n) => n.node === 'node-b')?.people === 2;
      },
      20_000,
      'node b in node a’s cluster view',
    );
    const rows = view!.nodes.map((n) => [n.node, n.up, n.self, n.people]);
    expect(rows).toEqual([
      ['node-a', true, true, 1],
      ['node-b', true, false, 2],
    ]);
    expect(view!.total.people).toBe(3);

    await b.close();
    nodes = [a];
    await waitFor(
      async () => (await clusterOf(a.url)).cluster?.nodes.find((n) => n.node === 'node-b')?.up === false,
      20_000,
      'node b shown down',
    );
    const after = (await clusterOf(a.url)).cluster!;
    expect(after.total).toMatchObject({ nodesUp: 1, nodesDown: 1, people: 1 });
  });

  it('embedded mode has no cluster view', async () => {
    nodes.push(await startTestServer());
    expect(await clusterOf(nodes[0]!.url)).toEqual({ cluster: null });
  });
});
