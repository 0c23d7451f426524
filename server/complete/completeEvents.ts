// Autocomplete events of one connection: the lane's info, a completion request (answered to this
// socket alone through its acknowledgement — a suggestion is private until accepted, and accepting
// is an ordinary document edit; snippets of the person's other open documents go with it; the
// person's own document updates, applied with their socket id as origin, may supersede it), a
// cancel, and the browser's report of what became of a shown suggestion (its times go to
// /metrics). The document must be open on this connection.
import type { DocRegistry } from '../collab/docRegistry';
import { docRoomName, heldRoom, on, type TandemSocket } from '../gateway/handle';
import { askModel } from './askModel';
import type { CompleteMetrics } from './completeMetrics';
import type { CompletionService } from './completionService';

export type CompleteEventDeps = {
  docs: DocRegistry;
  complete: CompletionService;
  metrics: CompleteMetrics;
  log: (m: string) => void;
};

const DOC_ROOM = docRoomName('');

export function registerCompleteEvents(socket: TandemSocket, deps: CompleteEventDeps): void {
  const { docs, complete, metrics, log } = deps;
  const { client } = socket.data;

  on(socket, 'complete/info', async () => ({ complete: { ...complete.info(), stats: await metrics.stats() } }), log);

  on(
    socket,
    'complete/request',
    async (request) => {
      const room = await heldRoom(docs, socket, request.path, 'forbidden', 'open it before asking for completions');
      // The person's other documents open on this connection: snippets of them may go with the request.
      const others = async () => {
        const paths = [...socket.rooms].flatMap((r) =>
          r.startsWith(DOC_ROOM) && r !== docRoomName(request.path) ? [r.slice(DOC_ROOM.length)] : [],
        );
        const rooms = await Promise.all(paths.map((p) => docs.held(p, socket.id)));
        return rooms.flatMap((r) => (r ? [{ path: r.path, text: r.text.toString() }] : []));
      };
      return askModel(() => complete.request(client, request, room, others, socket.id));
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
      metrics.report(complete.info().model, report);
      return {};
    },
    log,
  );

  socket.on('disconnect', () => complete.forget(client));
}
