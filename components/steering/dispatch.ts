// Enter in the instruction box: one `instruction/submit` — the server routes it (or takes the lane
// the person picked on the badge) and starts that lane — then show what it started: the ghost
// streams in by itself, a review's findings go to the editor, a run opens in the runs panel.
import type { LineRange, ReviewResult } from '../../lib/protocol';
import { followRun } from '../../lib/client/runs/delegate';
import { addFindings, setRunFindings, useFindingsStore } from '../../lib/client/stores/findingsStore';
import { useLaneStore } from '../../lib/client/stores/laneStore';
import { notify } from '../../lib/client/stores/noticeStore';
import { request } from '../../lib/client/socket';
import type { WorkspaceSession } from '../../lib/client/workspaceSession';

export async function dispatchInstruction(
  session: WorkspaceSession,
  text: string,
  path: string,
  range: LineRange | null,
  /** Alternatives ×N: a fast edit streams N rewrites side by side. */
  alternatives?: number,
): Promise<void> {
  const { chosen, preview } = useLaneStore.getState();
  const requestId = session.fast.newRequest(alternatives);
  const reviewing = preview?.lane === 'review' && !chosen;
  if (reviewing) useFindingsStore.setState({ reviewing: path });
  useLaneStore.setState({ chosen: null, preview: null });
  try {
    const reply = await request(session.socket, 'instruction/submit', {
      requestId,
      instruction: text,
      path,
      range,
      ...(chosen ? { lane: chosen } : {}),
      ...(alternatives ? { alternatives } : {}),
    });
    const { lane, reason, confidence, override, intent, classifier } = reply.decision;
    useLaneStore.setState({ last: { lane, reason, confidence, override, intent, classifier } });
    if (reply.review) showReview(reply.review, path);
    if (reply.run) await followRun(session.runs, reply.run.id);
  } finally {
    session.fast.settleRequest(requestId, alternatives);
    if (reviewing) useFindingsStore.setState({ reviewing: null });
  }
}

/** Reviews a background run's diff; its findings show in the review panel beside its hunks. */
export async function reviewRunDiff(session: WorkspaceSession, runId: string): Promise<void> {
  useFindingsStore.setState({ reviewing: `run ${runId.slice(0, 8)}` });
  try {
    const { review } = await request(session.socket, 'review/start', {
      runId,
      instruction: 'review this diff: find bugs and risky changes',
    });
    // A run's findings are numbered as in its result, not the editor's text: they go to its review panel.
    setRunFindings(runId, review.findings);
    notifyFindings(review, `run ${runId.slice(0, 8)}`);
  } catch (err) {
    notify('error', (err as Error).message);
  } finally {
    useFindingsStore.setState({ reviewing: null });
  }
}

function showReview(review: ReviewResult, subject: string): void {
  for (const path of new Set(review.findings.map((f) => f.path)))
    addFindings(
      path,
      review.findings.filter((f) => f.path === path),
    );
  notifyFindings(review, subject);
}

function notifyFindings(review: ReviewResult, subject: string): void {
  notify(
    'info',
    review.findings.length
      ? `review: ${review.findings.length} finding(s) in ${subject}`
      : `review: nothing found in ${subject}`,
  );
}
