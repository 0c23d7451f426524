// Review-lane events of one connection: review a file or a range of it; the answer is findings.
import { ProtocolFailure } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import { reviewCode, type ReviewerDeps } from '../review/reviewer';
import { on, type TandemSocket } from './handle';

export function registerReviewEvents(socket: TandemSocket, deps: { docs: DocRegistry; reviewer: ReviewerDeps; log: (m: string) => void }): void {
  on(
    socket,
    'review/start',
    async ({ path, range, instruction }) => {
      const room = await deps.docs.held(path, socket.id);
      if (!room) throw new ProtocolFailure('forbidden', `${path} is not open on this connection: open it before asking for a review`);
      const review = await reviewCode(deps.reviewer, {
        path,
        text: room.text,
        range,
        instruction,
        by: socket.data.name,
        reason: 'asks for a review: the review lane reads and reports, it changes nothing',
      });
      return { review };
    },
    deps.log,
  );
}
