// Asks the server's router (the same policy Enter uses) where a request goes, over the socket:
// a round trip of a fraction of a millisecond, so the badge can follow the typing.
import type { RouteAnswer, RouteQuery } from '../protocol';
import { request, type ClientSocket } from './socket';

export async function previewRoute(socket: ClientSocket, query: RouteQuery): Promise<RouteAnswer> {
  const { decision } = await request(socket, 'route/preview', query);
  return decision;
}
