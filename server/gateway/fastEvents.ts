// Fast-lane events of one connection: start, redirect, interrupt, resolve (accept/reject), a turn's
// snapshot and the transcript. The document must be open on this connection: that is what "may
// edit it" means. A turn is its asker's (their browser tab's client id), not the connection's: a
// person who reconnected steers the turn they started before; in a cluster, the node streaming it
// may be another one (`elsewhere` passes the request on).
import { ProtocolFailure, type FastTurnSnapshot } from '../../lib/protocol';
import type { DocRegistry } from '../collab/docRegistry';
import { controlTurn, type FastControl, type FastControlReply } from '../fastlane/fastControl';
import type { FastLane } from '../fastlane/fastLane';
import { languageOfPath } from '../models/formats/languages';
import { docRoomName, heldRoom, on, type TandemSocket } from './handle';
import { admitModel } from './rateLimit';

export function registerFastEvents(
  socket: TandemSocket,
  deps: {
    docs: DocRegistry;
    fast: FastLane;
    log: (m: string) => void;
    /** Cluster mode: turns streaming on the other nodes. */
    remoteTurns?: (path: string) => Promise<FastTurnSnapshot[]>;
    /** Cluster mode: the control of a turn of this person's that streams on another node. */
    elsewhere?: (client: string, control: FastControl) => Promise<FastControlReply>;
  },
): void {
  const { docs, fast, log } = deps;
  const editableRoom = (path: string) => heldRoom(docs, socket, path, 'forbidden', 'open it before asking for an edit');
  const control = async (c: FastControl): Promise<FastControlReply> => {
    const session = fast.sessionOf(socket.data.client, c.requestId);
    if (session) return controlTurn(session, c, async (use) => use((await editableRoom(session.path)).text));
    if (c.kind === 'resolve' && (await fast.resolveLeft(socket.data.client, c.resolve))) return {};
    if (deps.elsewhere) return deps.elsewhere(socket.data.client, c);
    throw new ProtocolFailure('not_found', `no fast edit ${c.requestId} of yours is in progress`);
  };

  on(
    socket,
    'fast/start',
    async ({ requestId, path, range, instruction, reason, intent, context, alternative }) => {
      const room = await editableRoom(path);
      const by = { client: socket.data.client, name: socket.data.name };
      admitModel(socket, 'fast');
      return {
        turn: await fast.start(by, path, () => room.settledText(), {
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
      // A redirect is a new model request.
      admitModel(socket, 'fast');
      await control({ kind: 'redirect', requestId, instruction, keptLength });
      return {};
    },
    log,
  );

  on(
    socket,
    'fast/interrupt',
    async ({ requestId, keptLength }) => {
      const { metrics } = await control({ kind: 'interrupt', requestId, keptLength });
      return { metrics: metrics ?? {} };
    },
    log,
  );

  on(
    socket,
    'fast/resolve',
    async (resolve) => {
      await control({ kind: 'resolve', requestId: resolve.requestId, resolve });
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
      // A left turn streams no more (nothing to miss while it is read); another node's turn: its later
      // events reach this socket after this answer or are newer than it.
      const notFound = new ProtocolFailure('not_found', `no fast edit ${requestId} is in progress on ${path}`);
      return fast.leftTurn(path, requestId).then(async (left) => {
        if (left) return { turn: left };
        const remote = (await deps.remoteTurns?.(path))?.find((t) => t.info.requestId === requestId);
        if (!remote) throw notFound;
        return { turn: remote };
      });
    },
    log,
  );

  on(socket, 'fast/prewarm', () => fast.prewarm(), log);

  on(socket, 'fast/history', async ({ path }) => ({ turns: await fast.transcripts.recent(path) }), log);
}
