// Enter in the instruction box, in one hop: the server routes the instruction (the workspace's
// policy, or the lane the person picked) and starts that lane itself — a fast turn, a review or a
// background run — answering with the decision and what it started. The fast lane's model request
// leaves before the answer does, with no route/preview round trip in front of it.
import { alternativeRequestId, fastRangeSchema, ProtocolFailure, type RouteAnswer } from '../../lib/protocol';
import type { FastLane } from '../fastlane/fastLane';
import { languageOfPath } from '../models/formats/languages';
import type { RouteDecider } from '../router/decideRoute';
import { heldRoom, on, type TandemSocket } from './handle';
import { admitModel, admitRun } from './rateLimit';
import { reviewRequest, type ReviewEventDeps } from './reviewEvents';

export type SubmitDeps = ReviewEventDeps & { fast: FastLane; route: RouteDecider };

export function registerSubmitEvents(socket: TandemSocket, deps: SubmitDeps): void {
  on(
    socket,
    'instruction/submit',
    async ({ requestId, instruction: typed, path, range, lane, intent: asked, alternatives, context }) => {
      const routed = await deps.route({ instruction: typed, path, selection: range });
      const decision: RouteAnswer =
        lane && lane !== routed.lane
          ? {
              ...routed,
              lane,
              reason: `you chose the ${lane} lane (the router said ${routed.lane}: ${routed.reason})`,
              confidence: 1,
              override: true,
              // Edit or answer is read from the words as for `/fast`; the other lanes have no intent.
              intent: lane === 'fast' ? (await deps.route({ instruction: `/fast ${typed}` })).intent : undefined,
            }
          : routed;
      const instruction = routed.instruction || typed;
      if (decision.lane === 'fast') {
        if (!path || !range)
          throw new ProtocolFailure(
            'bad_request',
            'the fast lane edits code in a file: select the code to change and press Ctrl/Cmd+K',
          );
        const fits = fastRangeSchema.safeParse(range);
        if (!fits.success) throw new ProtocolFailure('bad_request', fits.error.issues[0].message);
        const room = await heldRoom(deps.docs, socket, path, 'forbidden', 'open it before asking for an edit');
        const by = { client: socket.data.client, name: socket.data.name };
        const intent = asked ?? decision.intent ?? 'edit';
        const start = { range, instruction, language: languageOfPath(path), intent, context };
        // Alternatives are rewrites to compare: an answer is one answer.
        const of = intent === 'edit' ? (alternatives ?? 1) : 1;
        admitModel(socket, 'fast', of);
        if (of === 1) {
          const turn = await deps.fast.start(by, path, () => room.settledText(), {
            ...start,
            reason: decision.reason,
            requestId,
          });
          return { decision: { ...decision, intent }, turn };
        }
        const turns = await Promise.all(
          Array.from({ length: of }, (_, index) =>
            deps.fast.start(by, path, () => room.settledText(), {
              ...start,
              reason: `${decision.reason} · alternative ${index + 1} of ${of}`,
              requestId: alternativeRequestId(requestId, index),
              alternative: { group: requestId, index, of },
            }),
          ),
        );
        return { decision: { ...decision, intent }, turn: turns[0], alternatives: turns };
      }
      if (decision.lane === 'review') {
        if (!path) throw new ProtocolFailure('bad_request', 'the review lane reviews a file: open the file to review');
        admitModel(socket, 'review');
        return {
          decision,
          review: await reviewRequest(
            deps,
            socket,
            // The text the request follows from (an answer) goes along.
            {
              instruction: context ? `${instruction}\n\nContext (from the fast lane):\n${context}` : instruction,
              path,
              ...(range ? { range } : {}),
            },
            decision.reason,
          ),
        };
      }
      admitRun(socket);
      const run = await deps.runs.startRun(
        { instruction, ...(path ? { path, ...(range ? { range } : {}) } : {}), ...(context ? { context } : {}) },
        socket.data.name,
      );
      return { decision, run };
    },
    deps.log,
  );
}
