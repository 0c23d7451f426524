// HTTP side of the workspace token: every endpoint but Next's static assets needs it; a token given
// in the query earns an HttpOnly cookie so the page's own requests (and its websocket) carry it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentedToken, tokenCookie, tokensMatch } from '../auth/token';

const PUBLIC_PREFIXES = ['/_next/static/', '/favicon.ico', '/icon.svg'];

/** True when the request may go on; otherwise answers 401 itself. Any of `tokens` is accepted. */
export function checkHttpToken(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  tokens: readonly string[],
): boolean {
  if (PUBLIC_PREFIXES.some((p) => url.pathname.startsWith(p))) return true;
  const presented = presentedToken(req.headers, url.searchParams);
  const matched = presented ? tokens.find((t) => tokensMatch(t, presented.token)) : undefined;
  if (matched !== undefined) {
    if (presented!.source === 'query' && matched === tokens[0]) res.setHeader('Set-Cookie', tokenCookie(matched));
    return true;
  }
  const reason = presented ? 'the workspace token is wrong' : 'this address needs the workspace token';
  const wantsJson =
    url.pathname.startsWith('/api/') ||
    url.pathname === '/metrics' ||
    !(req.headers.accept ?? '').includes('text/html');
  res.statusCode = 401;
  if (wantsJson) {
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        error: { code: 'unauthorized', message: `${reason}: send Authorization: Bearer <token> or ?token=<token>` },
      }),
    );
  } else {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><title>Tandem: token needed</title><body style="font-family:sans-serif;padding:2em">` +
        `<h1>Tandem</h1><p>${reason}. Open the URL Tandem printed when it started ` +
        `(it ends in <code>?token=…</code>).</p></body>`,
    );
  }
  return false;
}
