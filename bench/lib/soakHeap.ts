// Why: the soak says memory grows; this says what grows. It reads two V8 heap snapshots (written by
// bench/lib/soakHook.mjs with TANDEM_SOAK_HEAP) and lists the constructors whose count and self
// size grew most between them, then, for the top ones, the chains that retain their new instances
// (the parent's name and the edge, a few levels up), counted — so a map that keeps one entry per
// turn shows up as "Map → table → FastTurnRecord", not as a mystery megabyte.
// Usage: node --import tsx bench/lib/soakHeap.ts early.heapsnapshot late.heapsnapshot [top]
import fs from 'node:fs';

export type HeapSnapshot = {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
};

export type Group = { key: string; count: number; size: number };

/** A parsed snapshot's nodes as (key, self size, id) with edges walkable both ways. */
export class Heap {
  readonly nodeCount: number;
  private readonly nf: number;
  private readonly ef: number;
  private readonly firstEdge: Int32Array;
  private readonly f;

  constructor(private readonly h: HeapSnapshot) {
    const m = h.snapshot.meta;
    this.nf = m.node_fields.length;
    this.ef = m.edge_fields.length;
    this.f = {
      type: m.node_fields.indexOf('type'),
      name: m.node_fields.indexOf('name'),
      id: m.node_fields.indexOf('id'),
      size: m.node_fields.indexOf('self_size'),
      edges: m.node_fields.indexOf('edge_count'),
      edgeType: m.edge_fields.indexOf('type'),
      edgeName: m.edge_fields.indexOf('name_or_index'),
      to: m.edge_fields.indexOf('to_node'),
    };
    this.nodeCount = h.nodes.length / this.nf;
    this.firstEdge = new Int32Array(this.nodeCount + 1);
    for (let i = 0, e = 0; i < this.nodeCount; i++) {
      this.firstEdge[i] = e;
      e += h.nodes[i * this.nf + this.f.edges]! * this.ef;
      this.firstEdge[i + 1] = e;
    }
  }

  /** "type:name", with strings and code lumped by type (their names are their contents). */
  key(i: number): string {
    const type = this.h.snapshot.meta.node_types[0][this.h.nodes[i * this.nf + this.f.type]!]!;
    if (type === 'object' || type === 'closure' || type === 'native')
      return `${type}:${this.h.strings[this.h.nodes[i * this.nf + this.f.name]!]}`;
    return type;
  }

  id(i: number): number {
    return this.h.nodes[i * this.nf + this.f.id]!;
  }

  size(i: number): number {
    return this.h.nodes[i * this.nf + this.f.size]!;
  }

  /** Each edge of node i: its type, its name and the node it points to. */
  *edges(i: number): Generator<{ type: string; name: string; to: number }> {
    const types = this.h.snapshot.meta.edge_types[0];
    for (let e = this.firstEdge[i]!; e < this.firstEdge[i + 1]!; e += this.ef) {
      const type = types[this.h.edges[e + this.f.edgeType]!]!;
      const raw = this.h.edges[e + this.f.edgeName]!;
      const name = type === 'element' || type === 'hidden' ? `[${raw}]` : this.h.strings[raw]!;
      yield { type, name, to: this.h.edges[e + this.f.to]! / this.nf };
    }
  }
}

/** Count and self size per key. */
export function groups(heap: Heap): Map<string, Group> {
  const out = new Map<string, Group>();
  for (let i = 0; i < heap.nodeCount; i++) {
    const key = heap.key(i);
    const g = out.get(key) ?? { key, count: 0, size: 0 };
    g.count++;
    g.size += heap.size(i);
    out.set(key, g);
  }
  return out;
}

/** Keys that grew from `before` to `after`, by self size grown, largest first. */
export function grown(before: Map<string, Group>, after: Map<string, Group>): Group[] {
  return [...after.values()]
    .map((g) => ({
      key: g.key,
      count: g.count - (before.get(g.key)?.count ?? 0),
      size: g.size - (before.get(g.key)?.size ?? 0),
    }))
    .filter((g) => g.size > 0 || g.count > 0)
    .sort((a, b) => b.size - a.size);
}

/**
 * For nodes of `key` that are new (ids not in `oldIds`), the retaining chains `depth` levels up
 * (weak edges skipped; the first strong retainer at each level), counted, most common first.
 */
export function retainers(heap: Heap, key: string, oldIds: Set<number>, depth = 4): [string, number][] {
  const targets = new Set<number>();
  for (let i = 0; i < heap.nodeCount; i++) if (heap.key(i) === key && !oldIds.has(heap.id(i))) targets.add(i);
  const parent = new Map<number, { from: number; edge: string }>();
  let level = targets;
  for (let d = 0; d < depth && level.size > 0; d++) {
    const next = new Set<number>();
    for (let i = 0; i < heap.nodeCount; i++) {
      for (const e of heap.edges(i)) {
        if (e.type === 'weak' || !level.has(e.to) || parent.has(e.to)) continue;
        parent.set(e.to, { from: i, edge: e.name });
        next.add(i);
      }
    }
    level = next;
  }
  const chains = [...targets].map((t) => {
    const chain: string[] = [];
    for (let at = t, d = 0; d < depth; d++) {
      const p = parent.get(at);
      if (!p) break;
      chain.push(`${heap.key(p.from)}.${p.edge}`);
      at = p.from;
    }
    return chain;
  });
  const counted = new Map<string, number>();
  for (const chain of chains) {
    const text = chain.join(' ← ') || '(no strong retainer)';
    counted.set(text, (counted.get(text) ?? 0) + 1);
  }
  return [...counted.entries()].sort((a, b) => b[1] - a[1]);
}

const load = (file: string) => new Heap(JSON.parse(fs.readFileSync(file, 'utf8')) as HeapSnapshot);

function main(argv: string[]): void {
  const [early, late, top = '12'] = argv;
  if (!early || !late) throw new Error('usage: soakHeap.ts early.heapsnapshot late.heapsnapshot [top]');
  const a = load(early);
  const oldIds = new Set<number>();
  for (let i = 0; i < a.nodeCount; i++) oldIds.add(a.id(i));
  const before = groups(a);
  const b = load(late);
  const rows = grown(before, groups(b)).slice(0, Number(top));
  console.log('grown (self size KB, count):');
  for (const g of rows)
    console.log(`  ${(g.size / 1024).toFixed(0).padStart(8)} KB ${String(g.count).padStart(8)}  ${g.key}`);
  for (const g of rows.filter((r) => r.key.startsWith('object:') || r.key.startsWith('closure:')).slice(0, 6)) {
    console.log(`\nnew ${g.key} retained by:`);
    for (const [chain, n] of retainers(b, g.key, oldIds).slice(0, 5))
      console.log(`  ${String(n).padStart(6)}  ${chain}`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main(process.argv.slice(2));
