'use client';
// The latency dashboard: per lane, p50/p95/p99 of every measured figure over recent turns, with
// their trend, and today's token usage against the lane budgets (marked ≈ where any of it is an
// estimate, because the provider sent no token counts). Polls the server while open. In cluster
// mode it first shows every web node side by side (ClusterNodes). Autocomplete has its own
// section (CompleteStats).
import { LATENCY_METRICS, type MetricsSummary, type UsageTotals } from '../../lib/protocol/metrics';
import { LANES } from '../../lib/protocol/route';
import { ClusterNodes } from './ClusterNodes';
import { CompleteStats } from './CompleteStats';
import { formatFigure } from './format';
import { usePolled } from './usePolled';
import { Sparkline } from './Sparkline';

const ESTIMATE_TITLE = 'estimated as characters / 4: the provider sent no token counts';
const count = (n: number, u: UsageTotals) => `${u.estimated ? '≈' : ''}${n.toLocaleString('en-US')}`;

const asSummary = (json: unknown) => json as MetricsSummary;

export function Dashboard({ onClose }: { onClose: () => void }) {
  const { data: summary, error } = usePolled('/api/metrics/summary', 'summary', asSummary);

  return (
    <div className="dashboard" data-testid="dashboard" role="dialog" aria-label="latency dashboard">
      <div className="dashboard-head">
        <strong>Latency and usage</strong>
        <span className="muted">{summary?.workspace}</span>
        <span className="spacer" />
        <button onClick={onClose}>Close</button>
      </div>
      {error && <div className="notice notice-error">{error}</div>}
      <ClusterNodes />
      {summary &&
        LANES.map((lane) => {
          const figures = summary.lanes[lane];
          const used = summary.usage.today[lane];
          const budget = summary.budgets[lane];
          const total = used.tokensIn + used.tokensOut;
          return (
            <section key={lane} className="dashboard-lane" data-testid="dashboard-lane" data-lane={lane}>
              <h3>
                {lane} lane
                <span
                  className="muted usage"
                  data-testid="lane-usage"
                  data-tokens={total}
                  data-estimated={used.estimated}
                  title={used.estimated ? ESTIMATE_TITLE : undefined}
                >
                  {' '}
                  · today {count(total, used)} tokens
                  {` (${count(used.tokensIn, used)} in, ${count(used.tokensOut, used)} out)`}
                  {used.estimated ? ' (estimate)' : ''}
                  {budget !== undefined ? ` of ${budget.toLocaleString('en-US')} budget` : ''}
                </span>
              </h3>
              {budget !== undefined && (
                <div
                  className="budget-bar"
                  title={`${count(Math.round((total / Math.max(1, budget)) * 100), used)}% of the daily budget`}
                >
                  <div style={{ width: `${Math.min(100, (total / Math.max(1, budget)) * 100)}%` }} />
                </div>
              )}
              <table>
                <thead>
                  <tr>
                    <th>figure</th>
                    <th>n</th>
                    <th>p50</th>
                    <th>p95</th>
                    <th>p99</th>
                    <th>recent</th>
                  </tr>
                </thead>
                <tbody>
                  {LATENCY_METRICS.filter((m) => figures[m.key]).map((m) => {
                    const p = figures[m.key]!;
                    const unit = m.key === 'tokensPerSec' ? '/s' : ' ms';
                    return (
                      <tr key={m.key} data-testid="dashboard-row" data-metric={m.key}>
                        <td title={m.help}>{m.label}</td>
                        <td>{p.count}</td>
                        <td data-testid="p50">{formatFigure(p.p50, unit)}</td>
                        <td>{formatFigure(p.p95, unit)}</td>
                        <td>{formatFigure(p.p99, unit)}</td>
                        <td>
                          <Sparkline values={p.recent} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {Object.keys(figures).length === 0 && <div className="muted small">No turns measured yet.</div>}
            </section>
          );
        })}
      <CompleteStats />
      {summary && summary.usage.byPerson.length > 0 && (
        <section className="dashboard-lane">
          <h3>Usage by person today</h3>
          <table>
            <tbody>
              {summary.usage.byPerson.map((u) => (
                <tr key={`${u.person}:${u.lane}`}>
                  <td>{u.person}</td>
                  <td>{u.lane}</td>
                  <td title={u.estimated ? ESTIMATE_TITLE : undefined}>
                    {count(u.tokensIn + u.tokensOut, u)} tokens{u.estimated ? ' (estimate)' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
