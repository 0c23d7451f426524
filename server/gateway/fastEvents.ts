// Fast-lane events of one connection: start, redirect, interrupt, resolve (accept/reject), a turn's
// snapshot and the transcript. The document must be open on this connection: that is what "may
// edit it" means.
import { ProtocolFailure, type FastTurnSnapshot } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import type { FastLane } from '../fastlane/fastLane';
import { languageOfPath } from '../models/formats/languages';
import { docRoomName, heldRoom, on, type TandemSocket } from './handle';

export function registerFastEvents(
  socket: TandemSocket,
  deps: {
    docs: DocRegistry;
    fast: FastLane;
    log: (m: string) => void;
    /** Cluster mode: turns streaming on the other nodes. */
    remoteTurns?: (path: string) => Promise<FastTurnSnapshot[]>;
  },
): void {
  const { docs, fast, log } = deps;
  const editableRoom = (path: string) => heldRoom(docs, socket, path, 'forbidden', 'open it before asking for an edit');
  const findSession = (requestId: string) => {
    const s = fast.sessionOf(socket.id, requestId);
    if (!s) throw new ProtocolFailure('not_found', `no fast edit ${requestId} is yours on this connection`);
    return s;
  };

  on(
    socket,
    'fast/start',
    async ({ requestId, path, range, instruction, reason, intent, context, alternative }) => {
      const room = await editableRoom(path);
      const by = { socketId: socket.id, name: socket.data.name };
      return {
        turn: fast.start(by, path, room.text, {
          range,
          instruction,
          language: languageOfPath(path),
          reason,
          requestId,
          intent,
          context,
          alternative,
        }),
      };
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

  on(
    socket,
    'fast/interrupt',
    async ({ requestId, keptLength }) => ({ metrics: await findSession(requestId).interrupt(requestId, keptLength) }),
    log,
  );

  on(
    socket,
    'fast/resolve',
    (payload) => {
      findSession(payload.requestId).resolve(payload);
      return {};
    },
    log,
  );

  on(
    socket,
    'fast/snapshot',
    ({ path, requestId }) => {
      // Synchronous from the check to the reply, so the snapshot is exactly where the events resume.
      if (!socket.rooms.has(docRoomName(path)))
        throw new ProtocolFailure('forbidden', `${path} is not open on this connection: open it to follow its edits`);
      const turn = fast.active(path).find((t) => t.info.requestId === requestId);
      if (turn) return { turn };
      const notFound = new ProtocolFailure('not_found', `no fast edit ${requestId} is in progress on ${path}`);
      if (!deps.remoteTurns) throw notFound;
      // Another node's turn: its later events reach this socket after this answer or are newer than it.
      return deps.remoteTurns(path).then((turns) => {
        const remote = turns.find((t) => t.info.requestId === requestId);
        if (!remote) throw notFound;
        return { turn: remote };
      });
    },
    log,
  );

  on(socket, 'fast/prewarm', () => fast.prewarm(), log);

  on(socket, 'fast/history', ({ path }) => ({ turns: fast.transcripts.recent(path) }), log);
}
