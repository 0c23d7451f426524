// Every HTTP request passes one front: security headers, who is asking (the workspace or an
// invitation's token, or the metrics scraper's), then one of Tandem's endpoints, else the Next.js
// UI, else 404. Socket.IO answers its own path. Every endpoint must have a role in
// server/auth/permissions.ts, or Tandem refuses to start: a new route cannot be open by mistake.
import type http from 'node:http';
import type { People } from '../auth/people';
import { HTTP_ROLES, routeKey } from '../auth/permissions';
import { tokensMatch } from '../auth/token';
import { authorizeHttp, type HttpResolver } from './auth';
import type { Endpoint } from './endpoints';
import { sendError } from './json';
import { applySecurityHeaders } from './securityHeaders';

export type NextHandlers = {
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  upgrade?: (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => Promise<void>;
  close?: () => Promise<void>;
};

export function serveHttp(
  httpServer: http.Server,
  o: {
    endpoints: Record<string, Endpoint>;
    people: People;
    /** Opens GET /metrics only, and earns no cookie. */
    metricsToken: string | null;
    dev: boolean;
    next: NextHandlers | null | undefined;
    log: (m: string) => void;
  },
): void {
  const { endpoints, people, metricsToken, next, log } = o;
  const unclassified = Object.keys(endpoints).filter((key) => !Object.hasOwn(HTTP_ROLES, key));
  if (unclassified.length)
    throw new Error(`HTTP routes without a role in server/auth/permissions.ts: ${unclassified.join(', ')}`);
  const resolveFor =
    (url: URL): HttpResolver =>
    async (token) =>
      url.pathname === '/metrics' && metricsToken && tokensMatch(metricsToken, token)
        ? { ok: true, identity: { role: 'viewer', name: null, inviteId: null }, cookie: false }
        : people.resolve(token);
  httpServer.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/socket.io/')) return;
    applySecurityHeaders(req, res, o.dev);
    const done = (err: unknown) => {
      log(`${req.method} ${url.pathname} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendError(res, 500, 'internal', (err as Error).message);
      else res.end();
    };
    void authorizeHttp(req, res, url, resolveFor(url))
      .then(async (who) => {
        if (!who) return;
        const endpoint = endpoints[routeKey(req.method ?? 'GET', url.pathname)];
        if (endpoint) return endpoint(req, res, url);
        if (next) return next.handle(req, res);
        sendError(res, 404, 'not_found', `no endpoint for ${req.method} ${url.pathname}`);
      })
      .catch(done);
  });
  if (next?.upgrade) {
    const upgrade = next.upgrade;
    httpServer.on('upgrade', (req, socket, head) => {
      if (req.url?.startsWith('/_next/')) upgrade(req, socket, head).catch(() => socket.destroy());
    });
  }
}
