// Routes a request with the workspace's current policy (tandem.json `routing` over the defaults).
import { ProtocolFailure } from '../../lib/protocol';
import type { RouteAnswer, RouteQuery } from '../../lib/protocol/route';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { resolvePolicy } from './policy';
import { route } from './route';

export function decideRoute(config: WorkspaceConfigFile, query: RouteQuery): RouteAnswer {
  let policy;
  try {
    policy = resolvePolicy(config.read().routing);
  } catch (err) {
    throw new ProtocolFailure('unavailable', (err as Error).message);
  }
  return route(query, policy);
}
