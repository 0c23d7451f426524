// What a document's room tells the people who have it open. Updates, save states and generations
// go to this node's sockets only: every node applies the document log itself
// (server/cluster/docFeed.ts) and each node's copy reports its own save state (they agree once the
// holder has saved). Notices and deletions go to every node. An update goes as base64 text: one
// websocket frame per person (binary takes two), and Socket.IO encodes a text broadcast's frame once.
import { oneFrame } from '../../lib/protocol/bytes';
import type { DocRegistryEvents } from '../collab/docRegistry';
import { encodeUpdateMessage } from '../collab/syncMessages';
import type { Broadcast } from '../cluster/broadcast';
import type { TandemIo } from './gateway';
import { docRoomName } from './handle';

/** `removed`: told first when a file is deleted through Tandem (its ghosts stop, the cluster hears it). */
export function docEvents(io: TandemIo, broadcast: Broadcast, removed: (path: string) => void): DocRegistryEvents {
  return {
    update: (path, update, origin) => {
      const room = io.local.to(docRoomName(path));
      (typeof origin === 'string' ? room.except(origin) : room).emit('doc/sync', {
        path,
        data: oneFrame(encodeUpdateMessage(update)),
      });
    },
    status: (status) => io.local.to(docRoomName(status.path)).emit('doc/status', status),
    notice: (notice) => broadcast(docRoomName(notice.path), 'doc/notice', notice),
    generation: (generation) => io.local.to(docRoomName(generation.path)).emit('doc/generation', generation),
    removed: (path, by) => {
      removed(path);
      broadcast(docRoomName(path), 'doc/removed', { path, by });
    },
  };
}
