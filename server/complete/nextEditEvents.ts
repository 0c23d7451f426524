// Next-edit events of one connection: a request (answered to this socket alone through its
// acknowledgement — a suggestion is private until accepted, and accepting is an ordinary document
// edit), a cancel, and the browser's report of what became of a shown suggestion (its times go to
// /metrics, tandem_complete_next_edit_*). The document must be open on this connection.
import type { DocRegistry } from '../collab/docRegistry';
import { heldRoom, on, type TandemSocket } from '../gateway/handle';
import { askModel } from './askModel';
import type { CompleteMetrics } from './completeMetrics';
import type { NextEditService } from './nextEditService';

export type NextEditEventDeps = {
  docs: DocRegistry;
  nextEdit: NextEditService;
  metrics: CompleteMetrics;
  log: (m: string) => void;
};

export function registerNextEditEvents(socket: TandemSocket, deps: NextEditEventDeps): void {
  const { docs, nextEdit, metrics, log } = deps;
  const { client } = socket.data;

  on(
    socket,
    'nextEdit/request',
    async (request) => {
      const room = await heldRoom(docs, socket, request.path, 'forbidden', 'open it before asking for a next edit');
      return askModel(() => nextEdit.request(client, request, room));
    },
    log,
  );

  on(
    socket,
    'nextEdit/cancel',
    ({ requestId }) => {
      nextEdit.cancel(client, requestId);
      return {};
    },
    log,
  );

  on(
    socket,
    'nextEdit/report',
    (report) => {
      metrics.report(nextEdit.model(), report);
      return {};
    },
    log,
  );

  socket.on('disconnect', () => nextEdit.forget(client));
}
