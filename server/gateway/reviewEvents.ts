// Review-lane events of one connection: review a file or a range of it, or a run's diff; the
// answer is findings. `reviewRequest` is also what Enter runs when the router picks the review lane.
import type { LineRange, ReviewResult } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import type { RunService } from '../agents/runService';
import { documentReviewFiles, reviewCode, type ReviewerDeps } from '../review/reviewer';
import { runDiffReviewFiles } from '../review/runDiffFiles';
import { heldRoom, on, type TandemSocket } from './handle';
import { admitModel } from './rateLimit';

export type ReviewEventDeps = { docs: DocRegistry; reviewer: ReviewerDeps; runs: RunService; log: (m: string) => void };

const REASON = 'asks for a review: the review lane reads and reports, it changes nothing';

export async function reviewRequest(
  deps: ReviewEventDeps,
  socket: TandemSocket,
  req: { instruction: string; path?: string; range?: LineRange; runId?: string },
  reason = REASON,
): Promise<ReviewResult> {
  const by = socket.data.name;
  const { instruction } = req;
  if (req.runId !== undefined) {
    const files = runDiffReviewFiles(deps.runs.diff(req.runId).files);
    return reviewCode(deps.reviewer, { subject: `run ${req.runId}`, files, instruction, by, reason });
  }
  const path = req.path!;
  const room = await heldRoom(deps.docs, socket, path, 'forbidden', 'open it before asking for a review');
  return reviewCode(deps.reviewer, {
    subject: path,
    files: documentReviewFiles(path, room.text, req.range),
    instruction,
    by,
    reason,
  });
}

export function registerReviewEvents(socket: TandemSocket, deps: ReviewEventDeps): void {
  on(
    socket,
    'review/start',
    async (req) => {
      admitModel(socket, 'review');
      return { review: await reviewRequest(deps, socket, req) };
    },
    deps.log,
  );
}
