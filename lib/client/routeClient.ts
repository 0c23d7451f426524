// Asks the server's router (POST /api/route, the same policy Enter uses) where a request goes.
import type { LineRange } from '../protocol';
import type { LaneDecision } from './stores/laneStore';

export async function previewRoute(req: { instruction: string; path: string | null; selection: LineRange | null }, signal?: AbortSignal): Promise<LaneDecision & { instruction: string }> {
  const res = await fetch('/api/route', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify(req),
    signal,
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `routing failed (${res.status})`);
  return body;
}
