'use client';
// Where Enter will send the instruction (previewed while typing) or where the last request went,
// with the router's reason as the title; one click switches the lane for the next request. For the
// fast lane it says whether the model will edit or answer (`data-intent`), and "asked model" when
// the rules were unsure and the fast model's classification decided.
import { cycleLane, useLaneStore, type LaneDecision } from '../../lib/client/stores/laneStore';

const LABEL = { fast: 'fast lane', strong: 'background', review: 'review' } as const;

type Shown = Pick<LaneDecision, 'lane' | 'reason' | 'intent' | 'classifier'>;

export function LaneBadge() {
  const { preview, chosen, last } = useLaneStore();
  const shown: Shown | null = chosen
    ? { lane: chosen, reason: 'your choice for the next request (click to switch)' }
    : (preview ?? last);
  if (!shown) return null;
  const pending = Boolean(chosen || preview);
  // A lane picked on the badge has no decision of its own: the preview's reading of the words, if fast.
  const intent = shown.lane === 'fast' ? (shown.intent ?? preview?.intent ?? 'edit') : undefined;
  const asked = shown.classifier !== undefined && 'verdict' in shown.classifier;
  return (
    <button
      className={`lane-badge lane-${shown.lane}${pending ? ' lane-preview' : ''}`}
      data-testid="lane-badge"
      data-lane={shown.lane}
      data-intent={intent}
      data-classified={asked ? 'true' : undefined}
      data-preview={pending ? 'true' : 'false'}
      title={shown.reason}
      onClick={cycleLane}
    >
      {pending ? '→ ' : ''}
      {LABEL[shown.lane]}
      {intent ? ` · ${intent}` : ''}
      {asked ? ' · asked model' : ''}
    </button>
  );
}
