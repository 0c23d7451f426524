// Review-lane events of one connection: review a file or a range of it; the answer is findings.
import type { DocRegistry } from '../collab/docRegistry';
import type { RunService } from '../agents/runService';
import { documentReviewFiles, reviewCode, type ReviewerDeps } from '../review/reviewer';
import { runDiffReviewFiles } from '../review/runDiffFiles';
import { heldRoom, on, type TandemSocket } from './handle';

export function registerReviewEvents(
  socket: TandemSocket,
  deps: { docs: DocRegistry; reviewer: ReviewerDeps; runs: RunService; log: (m: string) => void },
): void {
  on(
    socket,
    'review/start',
    async ({ path, range, runId, instruction }) => {
      const reason = 'asks for a review: the review lane reads and reports, it changes nothing';
      const by = socket.data.name;
      if (runId !== undefined) {
        const files = runDiffReviewFiles(deps.runs.diff(runId).files);
        return { review: await reviewCode(deps.reviewer, { subject: `run ${runId}`, files, instruction, by, reason }) };
      }
      const room = await heldRoom(deps.docs, socket, path!, 'forbidden', 'open it before asking for a review');
      return { review: await reviewCode(deps.reviewer, { subject: path!, files: documentReviewFiles(path!, room.text, range), instruction, by, reason }) };
    },
    deps.log,
  );
}
