// HTTP side of people and roles: every endpoint but Next's static assets needs a token (the owner's
// workspace token or an invitation's); a token given in the query earns an HttpOnly cookie so the
// page's own requests (and its websocket) carry it. Then the route's minimum role (auth/permissions.ts):
// a viewer is refused anything that changes something, with 403 and a clear JSON error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { atLeast, httpRole, refusal } from '../auth/permissions';
import type { Identity, Resolution } from '../auth/people';
import { presentedToken, tokenCookie } from '../auth/token';
import { sendError } from './json';

const PUBLIC_PREFIXES = ['/_next/static/', '/favicon.ico', '/icon.svg'];

/** Who a token is; `cookie: false` for a token that must not be remembered (the metrics scraper's). */
export type HttpResolver = (token: string) => Promise<Resolution & { cookie?: false }>;

const PUBLIC: Identity = { role: 'viewer', name: null, inviteId: null };

/** Who is asking, when the request may go on; otherwise answers 401 or 403 itself and gives null. */
export async function authorizeHttp(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  resolve: HttpResolver,
): Promise<Identity | null> {
  if (PUBLIC_PREFIXES.some((p) => url.pathname.startsWith(p))) return PUBLIC;
  const presented = presentedToken(req.headers, url.searchParams);
  const found = presented ? await resolve(presented.token) : null;
  if (!found?.ok) {
    const reason = !presented
      ? 'this address needs the workspace token'
      : found && !found.ok && found.reason === 'revoked'
        ? 'your invitation was revoked'
        : 'the workspace token is wrong';
    unauthorized(req, res, url, reason);
    return null;
  }
  const method = req.method ?? 'GET';
  const need = httpRole(method, url.pathname);
  if (!atLeast(found.identity.role, need)) {
    sendError(res, 403, 'forbidden', refusal(`${method} ${url.pathname}`, found.identity.role, need));
    return null;
  }
  if (presented!.source === 'query' && found.cookie !== false)
    res.setHeader('Set-Cookie', tokenCookie(presented!.token));
  return found.identity;
}

function unauthorized(req: IncomingMessage, res: ServerResponse, url: URL, reason: string): void {
  const wantsJson =
    url.pathname.startsWith('/api/') ||
    url.pathname === '/metrics' ||
    !(req.headers.accept ?? '').includes('text/html');
  if (wantsJson)
    return sendError(res, 401, 'unauthorized', `${reason}: send Authorization: Bearer <token> or ?token=<token>`);
  res.statusCode = 401;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(
    `<!doctype html><title>Tandem: token needed</title><body style="font-family:sans-serif;padding:2em">` +
      `<h1>Tandem</h1><p>${reason}. Open the URL Tandem printed when it started, or the invitation ` +
      `link you were given (it ends in <code>?token=…</code>).</p></body>`,
  );
}
