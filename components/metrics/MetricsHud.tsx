'use client';
// The last turn's latency figures, as measured (server: prefill, model TTFT, tokens/s; this
// browser: submit → first paint, interrupt → last paint, redirect → first paint).
import { useGhostStore } from '../../lib/client/stores/ghostStore';
import { formatFigure } from './format';

function Figure({ id, label, value, unit, title }: { id: string; label: string; value: number | undefined; unit: 'ms' | 'tps'; title: string }) {
  const attrs = value === undefined ? {} : unit === 'ms' ? { 'data-ms': value.toFixed(2) } : { 'data-value': value.toFixed(1) };
  return (
    <span className="metric" data-testid={id} title={title} {...attrs}>
      <span className="metric-label">{label}</span> {unit === 'ms' ? formatFigure(value, ' ms') : value === undefined ? '—' : `${Math.round(value)}/s`}
    </span>
  );
}

export function MetricsHud() {
  const f = useGhostStore((s) => s.lastFigures);
  return (
    <div className="metrics-hud" data-testid="metrics-hud" title={f?.simulated ? 'measured against the simulated model' : ''}>
      <Figure id="metric-ttft" label="TTFT" value={f?.ttftMs} unit="ms" title="model time to first token (request sent → first token), measured by the server" />
      <Figure id="metric-first-paint" label="first paint" value={f?.submitToFirstPaintMs} unit="ms" title="submit → first ghost paint, measured in this browser" />
      <Figure id="metric-tps" label="tok" value={f?.tokensPerSec} unit="tps" title="tokens per second of the last turn" />
      <Figure id="metric-interrupt" label="stop" value={f?.interruptToLastPaintMs} unit="ms" title="interrupt → last paint, measured in this browser" />
      <Figure id="metric-prefill" label="prefill" value={f?.prefillMs} unit="ms" title="request received → model request sent (harness), measured by the server" />
      <Figure id="metric-redirect" label="redirect" value={f?.redirectToFirstPaintMs} unit="ms" title="redirect → first new token painted" />
    </div>
  );
}
