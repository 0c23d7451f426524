// Autocomplete events of one connection: the lane's info, a completion request (answered to this
// socket alone through its acknowledgement — a suggestion is private until accepted, and accepting
// is an ordinary document edit), a cancel, and the browser's report of what became of a shown
// suggestion (its times go to /metrics). The document must be open on this connection.
import { ProtocolFailure } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import { heldRoom, on, type TandemSocket } from '../gateway/handle';
import { ModelError } from '../models/errors';
import type { CompleteMetrics } from './completeMetrics';
import type { CompletionService } from './completionService';

export type CompleteEventDeps = {
  docs: DocRegistry;
  complete: CompletionService;
  metrics: CompleteMetrics;
  log: (m: string) => void;
};

export function registerCompleteEvents(socket: TandemSocket, deps: CompleteEventDeps): void {
  const { docs, complete, metrics, log } = deps;
  const { client } = socket.data;

  on(socket, 'complete/info', () => ({ complete: complete.info() }), log);

  on(
    socket,
    'complete/request',
    async (request) => {
      const room = await heldRoom(docs, socket, request.path, 'forbidden', 'open it before asking for completions');
      try {
        return await complete.request(client, request, room.text);
      } catch (err) {
        if (err instanceof ModelError) throw new ProtocolFailure('unavailable', err.message);
        throw err;
      }
    },
    log,
  );

  on(
    socket,
    'complete/cancel',
    ({ requestId }) => {
      complete.cancel(client, requestId);
      return {};
    },
    log,
  );

  on(
    socket,
    'complete/report',
    (report) => {
      const { model } = complete.info();
      if (report.shownToOutcomeMs === undefined && report.outcome === 'accepted') {
        throw new ProtocolFailure('bad_request', 'an accepted suggestion was shown: send shownToOutcomeMs');
      }
      metrics.observe('keystroke_to_request', model, report.keystrokeToRequestMs);
      metrics.observe('keystroke_to_shown', model, report.keystrokeToShownMs);
      if (report.shownToOutcomeMs !== undefined) {
        metrics.count(model, 'shown');
        metrics.count(model, report.outcome);
        metrics.observe('shown_to_outcome', model, report.shownToOutcomeMs);
      }
      return {};
    },
    log,
  );

  socket.on('disconnect', () => complete.forget(client));
}
