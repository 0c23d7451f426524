// POST /api/route: the router as a dry run — which lane a request would go to, and why.
import { ProtocolFailure } from '../../lib/protocol';
import { routeQuerySchema } from '../../lib/protocol/route';
import type { RouteDecider } from '../router/decideRoute';
import { readJson, sendError, sendJson } from './json';
import type { Endpoint } from './endpoints';

export function routeEndpoint(decide: RouteDecider): Endpoint {
  return async (req, res) => {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      return sendError(res, 400, 'bad_request', `the body must be JSON: ${(err as Error).message}`);
    }
    const parsed = routeQuerySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(res, 400, 'bad_request', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    try {
      sendJson(res, 200, await decide(parsed.data));
    } catch (err) {
      if (err instanceof ProtocolFailure) return sendError(res, 500, 'bad_config', err.message);
      throw err;
    }
  };
}
