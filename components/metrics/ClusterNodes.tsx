'use client';
// The dashboard's cluster view: in cluster mode, each web node's figures side by side (people
// connected, fast turns, tokens/s and TTFT p50, runs it is running), a node that stopped
// answering marked down with when it was last heard, and the cluster's total. In the embedded mode
// the server answers `cluster: null` and this shows nothing. Polls while the dashboard is open.
import { clusterSummarySchema, type ClusterSummary } from '../../lib/protocol/clusterMetrics';
import { formatFigure } from './format';
import { usePolled } from './usePolled';

type View = NonNullable<ClusterSummary['cluster']>;
type Figures = Pick<View['total'], 'people' | 'fastTurns' | 'tokensPerSecP50' | 'ttftP50' | 'runsRunning'>;

const parseCluster = (json: unknown): View | null => clusterSummarySchema.parse(json).cluster;

export function ClusterNodes() {
  const { data: view, error } = usePolled('/api/metrics/cluster', 'cluster figures', parseCluster);
  if (!view) return error ? <div className="notice notice-error">{error}</div> : null;
  const { total } = view;
  return (
    <section className="dashboard-lane" data-testid="cluster-view">
      <h3>
        Cluster
        <span className="muted usage">
          {' '}
          · {total.nodesUp} node{total.nodesUp === 1 ? '' : 's'} up
          {total.nodesDown > 0 ? `, ${total.nodesDown} not answering` : ''}
        </span>
      </h3>
      {error && <div className="notice notice-error">{error}</div>}
      <table>
        <thead>
          <tr>
            <th>node</th>
            <th>people</th>
            <th>fast turns</th>
            <th>tokens/s p50</th>
            <th>TTFT p50</th>
            <th>runs running</th>
          </tr>
        </thead>
        <tbody>
          {view.nodes.map((n) => (
            <tr
              key={n.node}
              data-testid="cluster-node"
              data-node={n.node}
              data-up={n.up}
              data-self={n.self}
              style={n.up ? undefined : { opacity: 0.5 }}
              title={n.up ? undefined : `not answering; last heard ${new Date(n.lastSeenAt).toLocaleTimeString()}`}
            >
              <td>
                {n.node}
                {n.self ? ' (this node)' : ''}
                {n.up ? '' : ' — down'}
              </td>
              <FigureCells figures={n} />
            </tr>
          ))}
          <tr data-testid="cluster-total" data-nodes-up={total.nodesUp} data-nodes-down={total.nodesDown}>
            <td>
              <strong>cluster</strong>
            </td>
            <FigureCells figures={total} runsTitle="every running run, workers included" />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** The figures of one row, a node's or the cluster's total, under the same handles. */
function FigureCells({ figures: f, runsTitle }: { figures: Figures; runsTitle?: string }) {
  return (
    <>
      <td data-testid="node-people" data-value={f.people}>
        {f.people}
      </td>
      <td data-testid="node-fast-turns" data-value={f.fastTurns}>
        {f.fastTurns}
      </td>
      <td>{formatFigure(f.tokensPerSecP50, '/s')}</td>
      <td>{formatFigure(f.ttftP50, ' ms')}</td>
      <td data-testid="node-runs" data-value={f.runsRunning} title={runsTitle}>
        {f.runsRunning}
      </td>
    </>
  );
}
