// The workspace token (Jupyter-style): every HTTP request and Socket.IO handshake must carry it,
// as `Authorization: Bearer …`, the `token` query parameter, or the HttpOnly cookie set on the
// first visit. Comparison is constant-time.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const TOKEN_COOKIE = 'tandem_token';

export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export type TokenSource = 'header' | 'query' | 'cookie';

/** Finds the token a request presents, and where it came from (a query token earns a cookie). */
export function presentedToken(
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): { token: string; source: TokenSource } | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), source: 'header' };
  const q = query.get('token');
  if (q) return { token: q, source: 'query' };
  const c = cookieValue(headers.cookie, TOKEN_COOKIE);
  if (c) return { token: c, source: 'cookie' };
  return null;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
