'use client';
// Where Enter will send the instruction (previewed while typing) or where the last request went,
// with the router's reason as the title; one click switches the lane for the next request.
import { cycleLane, useLaneStore } from '../../lib/client/stores/laneStore';

const LABEL = { fast: 'fast lane', strong: 'background', review: 'review' } as const;

export function LaneBadge() {
  const { preview, chosen, last } = useLaneStore();
  const shown = chosen
    ? { lane: chosen, reason: 'your choice for the next request (click to switch)' }
    : (preview ?? last);
  if (!shown) return null;
  const pending = Boolean(chosen || preview);
  return (
    <button
      className={`lane-badge lane-${shown.lane}${pending ? ' lane-preview' : ''}`}
      data-testid="lane-badge"
      data-lane={shown.lane}
      data-preview={pending ? 'true' : 'false'}
      title={shown.reason}
      onClick={cycleLane}
    >
      {pending ? '→ ' : ''}
      {LABEL[shown.lane]}
    </button>
  );
}
