// The router as the person sees it: where Enter will send the instruction (a live preview), an
// explicit choice that overrides it, and the decision taken for the last request — each decision
// with its fast-lane intent (edit | answer) and the fast model's classification when it was asked.
import { create } from 'zustand';
import { LANES, type Lane, type RouteAnswer } from '../../protocol';

export type LaneDecision = Omit<RouteAnswer, 'instruction'>;

export const useLaneStore = create<{ preview: RouteAnswer | null; chosen: Lane | null; last: LaneDecision | null }>(
  () => ({
    preview: null,
    chosen: null,
    last: null,
  }),
);

/** One click on the badge: the next lane in turn becomes the person's explicit choice. */
export function cycleLane(): void {
  useLaneStore.setState((s) => {
    const current = s.chosen ?? s.preview?.lane ?? s.last?.lane ?? 'fast';
    return { chosen: LANES[(LANES.indexOf(current) + 1) % LANES.length] };
  });
}
