// Security headers on every HTTP response Tandem serves (pages, API, static files, 401 pages).
// The Content-Security-Policy is as strict as Next.js and Monaco allow: scripts only from this
// origin plus Next.js's inline bootstrap scripts, which carry a per-request nonce (Next.js reads
// the nonce from the request's own Content-Security-Policy header, so the page renders it into
// its <script> tags); no 'unsafe-inline' script, so text a model writes can never run as script.
// Monaco needs its workers from this origin (or blob:) and inline styles for its dynamic themes.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The policy for one response. `dev` adds what Next.js's development mode needs (eval, HMR). */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, ...(dev ? ["'unsafe-eval'"] : [])],
    'worker-src': ["'self'", 'blob:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(dev ? ['ws:', 'wss:'] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The headers besides the policy, also given to Socket.IO's handshake responses. */
export const BASIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * Sets the headers on the response before anyone writes it, and puts the policy on the request
 * too, where Next.js finds the nonce for its inline scripts.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, dev: boolean): void {
  const policy = contentSecurityPolicy(randomBytes(16).toString('base64'), dev);
  req.headers['content-security-policy'] = policy;
  res.setHeader('Content-Security-Policy', policy);
  for (const [name, value] of Object.entries(BASIC_SECURITY_HEADERS)) res.setHeader(name, value);
}
