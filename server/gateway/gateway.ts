// Socket.IO for one workspace: the handshake resolves the token to a role and a name (the owner's
// workspace token or an invitation's: server/auth/people.ts), then the document, presence and
// workspace events. Everything domain-specific lives in collab/ and workspace/; this file routes.
import type { Server } from 'socket.io';
import {
  ProtocolFailure,
  type ClientToServerEvents,
  type FastTurnSnapshot,
  type ServerToClientEvents,
} from '../../lib/protocol';
import { cookieValue, TOKEN_COOKIE } from '../auth/token';
import { inviteRoomName, unauthorizedMessage, type People } from '../auth/people';
import { REVOKED_MESSAGE } from '../../lib/protocol/people';
import { syncKind } from '../auth/permissions';
import { syncWouldChange } from '../auth/viewerSync';
import type { DocRegistry } from '../collab/docRegistry';
import type { Presence } from '../collab/presence';
import { handleSyncMessage } from '../collab/syncMessages';
import type { FastLane } from '../fastlane/fastLane';
import type { ModelLanes } from '../models/lanes';
import type { RouteDecider } from '../router/decideRoute';
import type { Workspace } from '../workspace/workspace';
import type { ReviewerDeps } from '../review/reviewer';
import { registerFastEvents } from './fastEvents';
import { registerReviewEvents } from './reviewEvents';
import { registerRunEvents } from './runEvents';
import { registerCompleteEvents } from '../complete/completeEvents';
import { registerNextEditEvents } from '../complete/nextEditEvents';
import type { CompleteLane } from '../complete/completeLane';
import { registerSubmitEvents } from './submitEvents';
import type { RunService } from '../agents/runService';
import type { ClusterEvents } from '../cluster/clusterEvents';
import { durableWithin } from '../cluster/durableWithin';
import type { FastControl, FastControlReply } from '../fastlane/fastControl';
import { clientIdOf } from '../auth/clientKey';
import type { ConnectedClients } from './clientIdentity';
import { docRoomName, heldRoom, on, type SocketData, type TandemSocket } from './handle';

export type TandemIo = Server<ClientToServerEvents, ServerToClientEvents, ClusterEvents, SocketData>;

export type GatewayDeps = {
  /** Who a token is: the owner, or an invitation's role and name. */
  people: People;
  workspace: Workspace;
  docs: DocRegistry;
  presence: Presence;
  fast: FastLane;
  reviewer: ReviewerDeps;
  runs: RunService;
  models: ModelLanes['info'];
  /** The autocomplete lane (server/complete/). */
  complete: CompleteLane;
  /** The router: lane, reason and estimate for a request (server/router/decideRoute.ts). */
  route: RouteDecider;
  log: (m: string) => void;
  /** The browser tabs connected to this node (the fast lane keeps a person's turns across reconnects). */
  clients: ConnectedClients;
  /** Cluster mode: the fast-lane turns streaming on a file on the other nodes. */
  remoteTurns?: (path: string) => Promise<FastTurnSnapshot[]>;
  /** Cluster mode: the control of a person's turn that streams on another node. */
  fastElsewhere?: (client: string, control: FastControl) => Promise<FastControlReply>;
  /** Cluster mode: an edit not in Redis after this long is refused (it stays queued, in order). */
  durableWaitMs?: number;
};

export function attachGateway(io: TandemIo, deps: GatewayDeps): void {
  const { docs, presence, workspace, fast, log } = deps;

  io.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    const given =
      (typeof auth.token === 'string' ? auth.token : null) ??
      cookieValue(socket.handshake.headers.cookie, TOKEN_COOKIE) ??
      (typeof socket.handshake.query.token === 'string' ? socket.handshake.query.token : null);
    if (!given)
      return next(
        new Error('unauthorized: no workspace token; open the URL Tandem printed at start (it carries ?token=…)'),
      );
    deps.people.resolve(given).then(
      (found) => {
        if (!found.ok) return next(new Error(`unauthorized: ${unauthorizedMessage(found.reason)}`));
        const typed = typeof auth.name === 'string' && auth.name.trim() ? auth.name.trim().slice(0, 64) : 'Anonymous';
        socket.data.name = found.identity.name ?? typed;
        socket.data.role = found.identity.role;
        socket.data.inviteId = found.identity.inviteId;
        socket.data.client = clientIdOf(auth.client, socket.id);
        next();
      },
      (err) => next(new Error(`unavailable: could not check the token: ${(err as Error).message}`)),
    );
  });

  io.on('connection', (socket: TandemSocket) => {
    const { client, role, name, inviteId } = socket.data;
    // A revoke reaches every connection of the invitation through its room (app.ts); one that came
    // between the handshake's check and this join is caught by checking again once joined.
    if (inviteId) {
      void socket.join(inviteRoomName(inviteId));
      deps.people.stillValid(inviteId).then(
        (valid) => {
          if (valid) return;
          socket.emit('session/revoked', { message: REVOKED_MESSAGE });
          socket.disconnect(true);
        },
        (err) => log(`checking invitation ${inviteId} again: ${(err as Error).message}`),
      );
    }
    deps.clients.connected(client);
    fast.back(client);
    socket.emit('session/client', { client });
    socket.emit('session/role', { role, name, invited: inviteId !== null });
    socket.emit('session/models', deps.models);
    const snapshot = presence.snapshot();
    if (snapshot) socket.emit('awareness/update', { data: snapshot });
    registerFastEvents(socket, { docs, fast, log, remoteTurns: deps.remoteTurns, elsewhere: deps.fastElsewhere });
    registerReviewEvents(socket, { docs, reviewer: deps.reviewer, runs: deps.runs, log });
    registerSubmitEvents(socket, {
      docs,
      fast,
      reviewer: deps.reviewer,
      runs: deps.runs,
      route: deps.route,
      log,
    });
    on(socket, 'route/preview', async (query) => ({ decision: await deps.route(query) }), log);
    registerRunEvents(socket, { runs: deps.runs, log });
    registerCompleteEvents(socket, { docs, complete: deps.complete.service, metrics: deps.complete.metrics, log });
    const { nextEdit, nextEditMetrics } = deps.complete;
    registerNextEditEvents(socket, { docs, nextEdit, metrics: nextEditMetrics, log });

    const openRoom = (path: string) => heldRoom(docs, socket, path, 'bad_request', 'send doc/open first');

    on(
      socket,
      'workspace/info',
      async () => {
        const { files, truncated } = await workspace.listFiles();
        return { workspace: { name: workspace.name, root: workspace.root, files, truncated } };
      },
      log,
    );

    on(
      socket,
      'doc/open',
      async ({ path, create }) => {
        workspace.resolve(path);
        if (create) await workspace.createEmpty(path);
        const room = await docs.acquire(path, socket.id);
        await socket.join(docRoomName(path));
        // Joined first, so every event after these snapshots reaches this socket too (numbered after them).
        for (const turn of fast.active(path)) socket.emit('fast/started', turn);
        // The other nodes' turns come later; a gap after them is mended by the client's fast/snapshot.
        deps.remoteTurns?.(path).then(
          (turns) => turns.forEach((turn) => socket.emit('fast/started', turn)),
          (err) => log(`fast turns of other nodes on ${path}: ${(err as Error).message}`),
        );
        return { path, eol: room.eol, status: room.status, generation: room.generation };
      },
      log,
    );

    on(
      socket,
      'doc/sync',
      async ({ path, data, generation }) => {
        // Applied in the turn it arrives when the room is open: a keystroke then supersedes the
        // person's completion request before the cancel sent after it is read (issue 15).
        const room = docs.heldNow(path, socket.id) ?? (await openRoom(path));
        room.checkGeneration(generation);
        // A viewer's step 2 (the door let it through) is refused if it would change the document, else ignored.
        if (socket.data.role === 'viewer' && syncKind(data) === 'step2') {
          if (syncWouldChange(room.doc, data))
            throw new ProtocolFailure('forbidden', 'changing a document needs the editor role; you are a viewer');
          return { replies: [] };
        }
        const replies = handleSyncMessage(room.doc, data, socket.id);
        await (deps.durableWaitMs ? durableWithin(room.flushed(), deps.durableWaitMs) : room.flushed());
        return { replies };
      },
      log,
    );

    on(socket, 'doc/save', async ({ path }) => ({ status: await (await openRoom(path)).save() }), log);

    on(
      socket,
      'doc/close',
      async ({ path }) => {
        await socket.leave(docRoomName(path));
        fast.leave(client, path);
        deps.complete.service.forget(client, path);
        deps.complete.nextEdit.forget(client, path);
        await docs.release(path, socket.id);
        return {};
      },
      log,
    );

    on(
      socket,
      'doc/delete',
      async ({ path, expectedText }) => ({ deleted: await docs.remove(path, expectedText ?? null, socket.data.name) }),
      log,
    );

    on(
      socket,
      'awareness/update',
      ({ data }) => {
        presence.apply(socket.id, data);
        return {};
      },
      log,
    );

    socket.on('disconnect', () => {
      presence.disconnect(socket.id);
      if (deps.clients.disconnected(client)) fast.away(client);
      docs
        .releaseAll(socket.id)
        .catch((err) => log(`closing documents of ${socket.id} failed: ${(err as Error).message}`));
    });
  });
}
