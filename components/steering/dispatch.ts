// Enter in the instruction box: ask the router (unless the person chose a lane), then hand the
// instruction to that lane — a ghost edit, a review, or a background run.
import type { LineRange } from '../../lib/protocol';
import { previewRoute, routeKey } from '../../lib/client/routeClient';
import { addFindings, setRunFindings, useFindingsStore } from '../../lib/client/stores/findingsStore';
import { useLaneStore, type LaneDecision } from '../../lib/client/stores/laneStore';
import { notify } from '../../lib/client/stores/noticeStore';
import { request } from '../../lib/client/socket';
import type { WorkspaceSession } from '../../lib/client/workspaceSession';

export async function dispatchInstruction(session: WorkspaceSession, text: string, path: string, range: LineRange | null): Promise<void> {
  const { chosen, preview } = useLaneStore.getState();
  const query = { instruction: text, path, selection: range };
  // The preview shown while typing already answers this exact request: Enter pays no round trip.
  const routed = preview?.key === routeKey(query) ? preview : await previewRoute(session.socket, query);
  const decision: LaneDecision = chosen && chosen !== routed.lane
    ? { lane: chosen, reason: `you chose the ${chosen} lane (the router said ${routed.lane}: ${routed.reason})`, confidence: 1, override: true }
    : { lane: routed.lane, reason: routed.reason, confidence: routed.confidence, override: routed.override };
  useLaneStore.setState({ last: decision, chosen: null, preview: null });
  const instruction = routed.instruction || text;
  if (decision.lane === 'fast') {
    if (!range) throw new Error('select the code to change and press Ctrl/Cmd+K');
    await session.fast.start(path, range, instruction, decision.reason);
  } else if (decision.lane === 'review') {
    await runReview(session, { path, ...(range ? { range } : {}), instruction }, path);
  } else {
    await session.delegate({ instruction, path, range, reason: decision.reason });
  }
}

/** Reviews a background run's diff; its findings show in the editor on the files it changed. */
export async function reviewRunDiff(session: WorkspaceSession, runId: string): Promise<void> {
  try {
    await runReview(session, { runId, instruction: 'review this diff: find bugs and risky changes' }, `run ${runId.slice(0, 8)}`);
  } catch (err) {
    notify('error', (err as Error).message);
  }
}

async function runReview(session: WorkspaceSession, payload: Parameters<typeof request<'review/start'>>[2], subject: string): Promise<void> {
  useFindingsStore.setState({ reviewing: subject });
  try {
    const { review } = await request(session.socket, 'review/start', payload);
    // A run's findings are numbered as in its result, not the editor's text: they go to its review panel.
    if ('runId' in payload && payload.runId) setRunFindings(payload.runId, review.findings);
    else for (const path of new Set(review.findings.map((f) => f.path))) addFindings(path, review.findings.filter((f) => f.path === path));
    notify('info', review.findings.length ? `review: ${review.findings.length} finding(s) in ${subject}` : `review: nothing found in ${subject}`);
  } finally {
    useFindingsStore.setState({ reviewing: null });
  }
}
