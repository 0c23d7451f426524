// Fast-lane events of one connection: start, redirect, interrupt, resolve (accept/reject) and the
// transcript. The document must be open on this connection: that is what "may edit it" means.
import { ProtocolFailure } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import type { FastLane } from '../fastlane/fastLane';
import { languageOfPath } from '../models/formats/languages';
import { heldRoom, on, type TandemSocket } from './handle';

export function registerFastEvents(socket: TandemSocket, deps: { docs: DocRegistry; fast: FastLane; log: (m: string) => void }): void {
  const { docs, fast, log } = deps;
  const editableRoom = (path: string) => heldRoom(docs, socket, path, 'forbidden', 'open it before asking for an edit');
  const sessionFor = (path: string) => fast.session(socket.id, socket.data.name, path);
  const findSession = (requestId: string) => {
    const s = fast.sessionOf(socket.id, requestId);
    if (!s) throw new ProtocolFailure('not_found', `no fast edit ${requestId} is yours on this connection`);
    return s;
  };

  on(
    socket,
    'fast/start',
    async ({ path, range, instruction, reason }) => {
      const room = await editableRoom(path);
      return { turn: sessionFor(path).start(room.text, range, instruction, languageOfPath(path), reason) };
    },
    log,
  );

  on(
    socket,
    'fast/redirect',
    async ({ requestId, instruction, keptLength }) => {
      const session = findSession(requestId);
      const room = await editableRoom(session.path);
      session.redirect(requestId, instruction, languageOfPath(session.path), room.text, keptLength);
      return {};
    },
    log,
  );

  on(socket, 'fast/interrupt', ({ requestId, keptLength }) => ({ metrics: findSession(requestId).interrupt(requestId, keptLength) }), log);

  on(
    socket,
    'fast/resolve',
    (payload) => {
      findSession(payload.requestId).resolve(payload, payload.clientMetrics);
      return {};
    },
    log,
  );

  on(socket, 'fast/prewarm', () => fast.prewarm(), log);

  on(socket, 'fast/history', ({ path }) => ({ turns: fast.transcripts.recent(path) }), log);
}
