// The router as the person sees it: where Enter will send the instruction (a live preview), an
// explicit choice that overrides it, and the decision taken for the last request.
import { create } from 'zustand';
import type { RouteAnswer } from '../../protocol';

export type LaneName = RouteAnswer['lane'];
export type LaneDecision = Omit<RouteAnswer, 'instruction'>;
/** A preview, with the request it was computed for and the instruction without its prefix. */
export type LanePreview = RouteAnswer & { key: string };

export const useLaneStore = create<{ preview: LanePreview | null; chosen: LaneName | null; last: LaneDecision | null }>(() => ({
  preview: null,
  chosen: null,
  last: null,
}));

const ORDER: LaneName[] = ['fast', 'strong', 'review'];

/** One click on the badge: the next lane in turn becomes the person's explicit choice. */
export function cycleLane(): void {
  useLaneStore.setState((s) => {
    const current = s.chosen ?? s.preview?.lane ?? s.last?.lane ?? 'fast';
    return { chosen: ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] };
  });
}
