// Why: the dashboard shows one node's figures, but a cluster's people, turns and runs are spread
// over its web nodes. Each node answers the `nodeFigures` question with its own figures; the node
// the dashboard asks gathers every answer, remembers the nodes it has heard from (one that stops
// answering is shown down, with its last figures) and adds them up. The rows are a pure function.
import type { ClusterRow, ClusterSummary, NodeFigures } from '../../lib/protocol/clusterMetrics';
import type { ClusterTalk } from '../cluster/clusterTalk';
import type { MetricsHub } from './metricsHub';
import { percentile } from './percentiles';

/** How long the other nodes have to answer. */
const ANSWER_WAIT_MS = 1000;
/** A node silent this long is no longer listed. */
const FORGET_MS = 60 * 60_000;
/** Recent values a node sends of each figure. */
const WINDOW = 500;

type Seen = { figures: NodeFigures; at: number };

const p50 = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** The rows and the total, from this node's figures, the answers, and the nodes seen before. */
export function clusterRows(opts: {
  self: NodeFigures;
  answers: NodeFigures[];
  seen: ReadonlyMap<string, Seen>;
  now: number;
  runsRunning: number;
}): NonNullable<ClusterSummary['cluster']> {
  const { now } = opts;
  const up = new Map<string, NodeFigures>([[opts.self.node, opts.self]]);
  for (const a of opts.answers) if (!up.has(a.node)) up.set(a.node, a);
  const row = (f: NodeFigures, isUp: boolean, at: number): ClusterRow => ({
    node: f.node,
    up: isUp,
    self: f.node === opts.self.node,
    lastSeenAt: at,
    people: f.people,
    fastTurns: f.fastTurns,
    tokensPerSecP50: p50(f.tokensPerSec),
    ttftP50: p50(f.ttftMs),
    runsRunning: f.runsRunning,
  });
  const rows = [...up.values()].map((f) => row(f, true, now));
  for (const [node, s] of opts.seen)
    if (!up.has(node) && now - s.at < FORGET_MS) rows.push(row(s.figures, false, s.at));
  rows.sort((a, b) => a.node.localeCompare(b.node));
  const live = [...up.values()];
  return {
    nodes: rows,
    total: {
      nodesUp: live.length,
      nodesDown: rows.length - live.length,
      people: live.reduce((n, f) => n + f.people, 0),
      fastTurns: live.reduce((n, f) => n + f.fastTurns, 0),
      tokensPerSecP50: p50(live.flatMap((f) => f.tokensPerSec)),
      ttftP50: p50(live.flatMap((f) => f.ttftMs)),
      runsRunning: opts.runsRunning,
    },
  };
}

/** This node's own figures: the distinct names of its connected sockets, its fast lane, its runs. */
export function localFigures(
  node: string,
  sockets: Iterable<{ data: { name?: string } }>,
  hub: Pick<MetricsHub, 'turns' | 'recent'>,
  runsRunning: number,
): NodeFigures {
  const names = new Set([...sockets].flatMap((s) => (s.data.name ? [s.data.name] : [])));
  return {
    node,
    people: names.size,
    fastTurns: hub.turns('fast'),
    ttftMs: [...hub.recent('fast', 'ttftMs', WINDOW)],
    tokensPerSec: [...hub.recent('fast', 'tokensPerSec', WINDOW)],
    runsRunning,
  };
}

export class ClusterView {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly talk: Pick<ClusterTalk, 'answer' | 'askAll'>,
    private readonly local: () => NodeFigures,
    /** Every running run of the workspace, whichever process runs it. */
    private readonly runsRunning: () => number,
  ) {
    talk.answer('nodeFigures', () => this.local());
  }

  async summary(): Promise<ClusterSummary> {
    const answers = await this.talk.askAll('nodeFigures', {}, ANSWER_WAIT_MS).catch(() => []);
    const self = this.local();
    const now = Date.now();
    const cluster = clusterRows({ self, answers, seen: this.seen, now, runsRunning: this.runsRunning() });
    for (const f of [self, ...answers]) this.seen.set(f.node, { figures: f, at: now });
    return { cluster };
  }
}
