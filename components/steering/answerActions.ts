// Why: the buttons under an answer (live or recorded) send its follow-up — a fast edit, a
// background run or a review, with the answer as context — and show what started the way Enter
// does: the ghost streams into the editor by itself, a run opens in the runs panel, a review's
// findings go to the editor.
import { answerFollowUp, type AnswerAction, type AnsweredQuestion } from '../../lib/client/answerFollowUp';
import { followRun } from '../../lib/client/runs/delegate';
import { request } from '../../lib/client/socket';
import { addFindings, useFindingsStore } from '../../lib/client/stores/findingsStore';
import { useLaneStore } from '../../lib/client/stores/laneStore';
import { notify } from '../../lib/client/stores/noticeStore';
import type { WorkspaceSession } from '../../lib/client/workspaceSession';

export async function actOnAnswer(
  session: WorkspaceSession,
  answer: AnsweredQuestion,
  action: AnswerAction,
): Promise<void> {
  const requestId = session.fast.newRequest();
  if (action === 'review') useFindingsStore.setState({ reviewing: answer.path });
  try {
    const reply = await request(session.socket, 'instruction/submit', {
      requestId,
      ...answerFollowUp(answer, action),
    });
    useLaneStore.setState({ last: reply.decision, preview: null, chosen: null });
    if (reply.review) {
      const { findings } = reply.review;
      for (const path of new Set(findings.map((f) => f.path)))
        addFindings(
          path,
          findings.filter((f) => f.path === path),
        );
      const found = findings.length ? `${findings.length} finding(s)` : 'nothing found';
      notify('info', `review: ${found} in ${answer.path}`);
    }
    if (reply.run) await followRun(session.runs, reply.run.id);
  } catch (err) {
    notify('error', (err as Error).message);
  } finally {
    session.fast.settleRequest(requestId);
    if (action === 'review') useFindingsStore.setState({ reviewing: null });
  }
}
