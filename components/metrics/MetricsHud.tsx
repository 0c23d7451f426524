'use client';
// The last turn's latency figures, as measured (server: harness time, model TTFT, tokens/s; this
// browser: submit → first paint, Esc → upstream closed, redirect → first paint), and the last
// autocomplete suggestion's (keystroke → ghost text in this browser, the model's TTFT on the
// server, the pause before asking and the rule that chose it) with the share of suggestions
// accepted per model on this page. Every figure says where
// it was measured; an estimated one says so; one not measured yet shows —.
import { useCompleteStore } from '../../lib/client/complete/completeStore';
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { formatFigure } from './format';

function Figure({
  id,
  label,
  value,
  unit,
  title,
}: {
  id: string;
  label: string;
  value: number | undefined;
  unit: 'ms' | 'tps';
  title: string;
}) {
  const attrs =
    value === undefined ? {} : unit === 'ms' ? { 'data-ms': value.toFixed(2) } : { 'data-value': value.toFixed(1) };
  return (
    <span className="metric" data-testid={id} title={title} {...attrs}>
      <span className="metric-label">{label}</span>{' '}
      {unit === 'ms' ? formatFigure(value, ' ms') : value === undefined ? '—' : `${Math.round(value)}/s`}
    </span>
  );
}

/** The autocomplete figures: the last suggestion shown, and accepted / shown per model on this page. */
function CompleteFigures() {
  const { lastLatencyMs, lastTtftMs, lastPause, byModel } = useCompleteStore();
  if (lastLatencyMs === null) return null;
  const models = Object.entries(byModel);
  return (
    <>
      <Figure
        id="metric-complete"
        label="complete"
        value={lastLatencyMs}
        unit="ms"
        title="autocomplete: the last keystroke → its ghost text shown, measured in this browser"
      />
      <Figure
        id="metric-complete-ttft"
        label="complete TTFT"
        value={lastTtftMs ?? undefined}
        unit="ms"
        title={
          "autocomplete: the model's time to first token for the last suggestion, measured by the server " +
          '(— when it was served from a suggestion typed through, without a model request)'
        }
      />
      {lastPause && (
        <span
          className="metric"
          data-testid="metric-complete-pause"
          data-ms={lastPause.ms.toFixed(2)}
          data-rule={lastPause.rule}
          title={
            lastPause.rule === 'ttft'
              ? "autocomplete: asked at once — the model's recent time to first token is shorter than your typing gap"
              : 'autocomplete: waited about 1.5× your typing gap ' +
                '(the model is slower than you type, or not measured yet)'
          }
        >
          <span className="metric-label">pause</span> {Math.round(lastPause.ms)} ms ({lastPause.rule})
        </span>
      )}
      {models.map(([model, { shown, accepted }]) => (
        <span
          key={model}
          className="metric"
          data-testid="metric-complete-accepted"
          data-model={model}
          data-value={shown ? ((100 * accepted) / shown).toFixed(1) : undefined}
          title={`autocomplete suggestions of ${model} accepted on this page: ${accepted} of ${shown} shown`}
        >
          <span className="metric-label">accepted</span> {accepted}/{shown}
          {models.length > 1 ? ` ${model}` : ''}
        </span>
      ))}
    </>
  );
}

export function MetricsHud() {
  const f = useGhostStore((s) => s.lastFigures);
  const estimated = f?.tokensEstimated === true;
  return (
    <div
      className="metrics-hud"
      data-testid="metrics-hud"
      title={f?.simulated ? 'measured against the simulated model' : ''}
    >
      <Figure
        id="metric-ttft"
        label="TTFT"
        value={f?.ttftMs}
        unit="ms"
        title="the model's time to first token (model request sent → first token), measured by the server"
      />
      <Figure
        id="metric-first-paint"
        label="first paint"
        value={f?.submitToFirstPaintMs}
        unit="ms"
        title="Enter → first ghost paint, measured in this browser"
      />
      <Figure
        id="metric-tps"
        label={estimated ? 'tok ≈' : 'tok'}
        value={f?.tokensPerSec}
        unit="tps"
        title={
          estimated
            ? 'output tokens per second — an estimate: the model sent no token count, ' +
              'so tokens are counted as characters / 4'
            : "output tokens per second, from the model's own token count"
        }
      />
      <Figure
        id="metric-interrupt"
        label="stop"
        value={f?.escToUpstreamClosedMs}
        unit="ms"
        title="Esc → the model's response closed upstream (the server answers once it has)"
      />
      <Figure
        id="metric-harness"
        label="harness"
        value={f?.harnessMs}
        unit="ms"
        title="Tandem's own time before the model: request received → model request sent, measured by the server"
      />
      <Figure
        id="metric-redirect"
        label={f?.redirectVia === 'steer' ? 'redirect (steer)' : 'redirect'}
        value={f?.redirectToFirstPaintMs}
        unit="ms"
        title={
          'redirect → first new token painted, in this browser' +
          (f?.redirectVia === 'steer'
            ? '; sent as a native steer of the running response (no new request, no second prefill)'
            : f?.redirectVia === 'restart'
              ? '; the running response was stopped and a new request sent'
              : '')
        }
      />
      {f?.predictionAcceptedTokens !== undefined && (
        <span
          className="metric"
          data-testid="metric-prediction"
          data-value={f.predictionAcceptedTokens}
          title={
            'Predicted Outputs, as the provider reported them: answer tokens taken from the prediction ' +
            '(the selected code), and prediction tokens it did not use (billed as output)'
          }
        >
          <span className="metric-label">predicted</span> {f.predictionAcceptedTokens} used ·{' '}
          {f.predictionRejectedTokens ?? 0} not
        </span>
      )}
      <CompleteFigures />
    </div>
  );
}
