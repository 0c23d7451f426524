// Why: one way back from a handed-off run to the fast edit it came from — open the file, show the
// edit's range and its transcript entry — shared by the run list and the run's detail.
import type { RunHandoff } from '../../protocol';
import { reveal } from '../stores/revealStore';
import { showSidePanel } from '../stores/sidePanelStore';

export async function openHandoffSource(
  session: { open(path: string): Promise<unknown> },
  handoff: RunHandoff,
): Promise<void> {
  await session.open(handoff.path);
  reveal({ path: handoff.path, range: handoff.range, requestId: handoff.requestId });
  showSidePanel('fast');
}

/** "from Ada's fast edit “rename total to sum” on src/cart.ts:14–20". */
export function handoffSourceLabel(by: string, h: RunHandoff): string {
  return `from ${by}'s fast edit “${h.instruction}” on ${h.path}:${h.range.startLine}–${h.range.endLine}`;
}
