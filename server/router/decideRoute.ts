// Routes a request with the workspace's current policy (tandem.json `routing` over the defaults),
// the lanes' state right now and the size of the selection (from the open document, else the file). Why a factory:
// the gateway's submit and preview and POST /api/route all decide the same way, with the same state.
import { ProtocolFailure } from '../../lib/protocol';
import type { RouteAnswer, RouteQuery } from '../../lib/protocol/route';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { selectionChars } from './estimate';
import type { LaneSnapshot } from './laneState';
import { resolvePolicy } from './policy';
import { route } from './route';

export type RouteDecider = (query: RouteQuery) => Promise<RouteAnswer>;

export function routeDecider(deps: {
  config: WorkspaceConfigFile;
  lanes: () => LaneSnapshot;
  /** The file's text, or null when it cannot be read (the decision then has no time estimate). */
  textOf: (path: string) => Promise<string | null>;
}): RouteDecider {
  return async (query) => {
    let policy;
    try {
      policy = resolvePolicy(deps.config.read().routing);
    } catch (err) {
      throw new ProtocolFailure('unavailable', (err as Error).message);
    }
    const text = query.path && query.selection ? await deps.textOf(query.path) : null;
    const chars = text !== null && query.selection ? selectionChars(text, query.selection) : null;
    return route({ ...query, selectionChars: chars }, policy, deps.lanes());
  };
}
