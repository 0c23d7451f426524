'use client';
// The dashboard's autocomplete section: per model, suggestions shown and accepted (the acceptance
// rate) and the mean keystroke → ghost text and model TTFT, as this server counted them since it
// started (complete/info's stats: exact counts and sums behind /metrics). Polled while open.
import { useEffect, useState } from 'react';
import type { CompleteModelStats } from '../../lib/protocol';
import { request } from '../../lib/client/socket';
import { useSession } from '../SessionContext';
import { formatFigure } from './format';

const POLL_MS = 2000;

export function CompleteStats() {
  const { socket } = useSession();
  const [stats, setStats] = useState<CompleteModelStats[] | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      request(socket, 'complete/info', {}).then(
        ({ complete }) => live && setStats(complete.stats ?? []),
        () => undefined,
      );
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [socket]);
  if (!stats) return null;
  return (
    <section className="dashboard-lane" data-testid="dashboard-complete">
      <h3>autocomplete</h3>
      {stats.length === 0 ? (
        <div className="muted small">No suggestions measured yet.</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>model</th>
              <th>shown</th>
              <th>accepted</th>
              <th title="keystroke → ghost text shown, measured in the browsers (mean)">keystroke → ghost</th>
              <th title="the model's time to first token, measured by the server (mean)">model TTFT</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.model} data-testid="complete-model" data-model={s.model}>
                <td>{s.model}</td>
                <td>{s.shown}</td>
                <td
                  data-testid="complete-accepted"
                  data-value={s.shown ? ((100 * s.accepted) / s.shown).toFixed(1) : ''}
                >
                  {s.accepted}
                  {s.shown ? ` (${Math.round((100 * s.accepted) / s.shown)}%)` : ''}
                </td>
                <td>{formatFigure(s.keystrokeToShownMs, ' ms')}</td>
                <td>{formatFigure(s.modelTtftMs, ' ms')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
