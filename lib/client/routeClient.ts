// Asks the server's router (the same policy Enter uses) where a request goes, over the socket:
// a round trip of a fraction of a millisecond, so the badge can follow the typing.
import type { LineRange } from '../protocol';
import { request, type ClientSocket } from './socket';
import type { LanePreview } from './stores/laneStore';

export type RouteQuery = { instruction: string; path: string | null; selection: LineRange | null };

/** Identifies a routing question, so a preview can answer Enter without asking again. */
export const routeKey = (q: RouteQuery) => JSON.stringify([q.instruction.trim(), q.path, q.selection?.startLine, q.selection?.endLine]);

export async function previewRoute(socket: ClientSocket, query: RouteQuery): Promise<LanePreview> {
  const { decision } = await request(socket, 'route/preview', query);
  return { ...decision, key: routeKey(query) };
}
