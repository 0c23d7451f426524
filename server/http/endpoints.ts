// Tandem's own HTTP endpoints (everything else goes to Next.js), by method and path. Each is a
// function of the request; they are token-protected by the caller. ("Route" in Tandem means the
// router's lane decision: POST /api/route is one of these endpoints, routeEndpoint.ts.)
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClusterSummary } from '../../lib/protocol/clusterMetrics';
import type { MetricsHub } from '../metrics/metricsHub';
import type { RouteDecider } from '../router/decideRoute';
import { sendJson } from './json';
import { routeEndpoint } from './routeEndpoint';

export type Endpoint = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export function baseEndpoints(info: {
  workspaceName: string;
  startedAt: number;
  route: RouteDecider;
  metrics: MetricsHub;
  /** Cluster mode: every web node's figures (server/metrics/clusterView.ts); absent when embedded. */
  cluster?: () => Promise<ClusterSummary>;
}): Record<string, Endpoint> {
  return {
    'GET /api/health': (_req, res) =>
      sendJson(res, 200, { ok: true, workspace: info.workspaceName, uptimeMs: Date.now() - info.startedAt }),
    'POST /api/route': routeEndpoint(info.route),
    'GET /api/metrics/summary': (_req, res) => sendJson(res, 200, info.metrics.summary()),
    'GET /api/metrics/cluster': async (_req, res) =>
      sendJson(res, 200, info.cluster ? await info.cluster() : ({ cluster: null } satisfies ClusterSummary)),
    'GET /metrics': async (_req, res) => {
      res.statusCode = 200;
      res.setHeader('Content-Type', info.metrics.registry.contentType);
      res.end(await info.metrics.registry.metrics());
    },
  };
}
