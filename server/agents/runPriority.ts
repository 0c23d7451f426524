// Why: in cluster mode runs wait in one BullMQ queue for the whole workspace, and not every run is
// as urgent: a run a person started by hand is waited for at the screen, a fast session handed to
// the background was already given up on in the editor. The order is fixed here, once: a lower
// number starts first; runs of the same priority start in the order they were queued.
import type { RunRecord } from './runStore';

/** BullMQ priorities (1 is its highest). */
export const RUN_PRIORITY = {
  /** A person started it from the instruction box (run/start without a handoff). */
  manual: 1,
  /** A fast-lane session sent to the background (Delegate while a ghost edit is on screen). */
  handoff: 2,
} as const;

export function runPriority(run: Pick<RunRecord, 'request'>): number {
  return run.request.handoff ? RUN_PRIORITY.handoff : RUN_PRIORITY.manual;
}
