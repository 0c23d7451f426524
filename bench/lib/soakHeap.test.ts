// The heap diff on a hand-made snapshot: counts and sizes per constructor, what grew between two
// snapshots, and the chains that retain the new instances (weak edges skipped).
import { describe, expect, it } from 'vitest';
import { grown, groups, Heap, retainers, type HeapSnapshot } from './soakHeap';

const NODE_TYPES = ['hidden', 'object', 'string'];
const EDGE_TYPES = ['property', 'element', 'weak'];

/** Nodes as [type, name, id, size, edges], edges as [type, name, to-node index]. */
function snapshot(strings: string[], nodes: [string, string, number, number, [string, string, number][]][]): Heap {
  const h: HeapSnapshot = {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'],
        node_types: [NODE_TYPES],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES],
      },
    },
    nodes: nodes.flatMap(([t, n, id, size, edges]) => [
      NODE_TYPES.indexOf(t),
      strings.indexOf(n),
      id,
      size,
      edges.length,
    ]),
    edges: nodes.flatMap(([, , , , edges]) =>
      edges.flatMap(([t, n, to]) => [EDGE_TYPES.indexOf(t), strings.indexOf(n), to * 5]),
    ),
    strings,
  };
  return new Heap(h);
}

const S = ['Registry', 'Turn', 'turns', 'a', 'b', 'cache', 'text'];

describe('soakHeap', () => {
  const before = snapshot(S, [
    ['object', 'Registry', 1, 40, [['property', 'turns', 1]]],
    ['object', 'Turn', 2, 100, []],
  ]);
  const after = snapshot(S, [
    [
      'object',
      'Registry',
      1,
      40,
      [
        ['property', 'a', 1],
        ['property', 'b', 2],
      ],
    ],
    ['object', 'Turn', 2, 100, []],
    ['object', 'Turn', 3, 100, [['property', 'text', 4]]],
    ['object', 'Turn', 5, 100, []],
    ['string', 'text', 6, 30, []],
    ['object', 'Registry', 7, 40, [['weak', 'cache', 3]]],
  ]);

  it('groups by constructor and lists what grew, largest first', () => {
    const g = grown(groups(before), groups(after));
    expect(g[0]).toEqual({ key: 'object:Turn', count: 2, size: 200 });
    expect(g.map((x) => x.key)).toEqual(['object:Turn', 'object:Registry', 'string']);
  });

  it('names the strong chains that retain new instances, counted', () => {
    const old = new Set([1, 2]);
    expect(retainers(after, 'object:Turn', old)).toEqual([
      ['object:Registry.b', 1],
      ['(no strong retainer)', 1],
    ]);
  });
});
