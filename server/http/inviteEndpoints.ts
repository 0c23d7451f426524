// The owner's invitations over HTTP (issue 14): make one (its token and link are shown this once),
// list them (never a token or a hash), revoke one at once. The owner-only check is the route table's
// (auth/permissions.ts), done before any endpoint runs.
import { inviteCreateSchema } from '../../lib/protocol/people';
import type { People } from '../auth/people';
import type { Endpoint } from './endpoints';
import { readJson, sendError, sendJson } from './json';

export function inviteEndpoints(deps: {
  people: People;
  /** Where people open Tandem (the public URL). */
  baseUrl: () => string;
  /** Tells and disconnects every open connection of a revoked invitation, on every node. */
  revoked: (id: string) => void;
}): Record<string, Endpoint> {
  return {
    'POST /api/invites': async (req, res) => {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (err) {
        return sendError(res, 400, 'bad_request', `the body must be JSON: ${(err as Error).message}`);
      }
      const parsed = inviteCreateSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return sendError(res, 400, 'bad_request', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
      }
      const { invite, token } = await deps.people.invite(parsed.data.role, parsed.data.name ?? null);
      sendJson(res, 201, { ...invite, token, url: `${deps.baseUrl()}/?token=${encodeURIComponent(token)}` });
    },
    'GET /api/invites': async (_req, res) => sendJson(res, 200, { invites: await deps.people.list() }),
    'DELETE /api/invites/:id': async (_req, res, url) => {
      const id = url.pathname.slice('/api/invites/'.length);
      const invite = await deps.people.revoke(id);
      if (!invite) return sendError(res, 404, 'not_found', `no invitation ${id}`);
      deps.revoked(id);
      sendJson(res, 200, { invite });
    },
  };
}
