// Tandem's own HTTP routes (everything else goes to Next.js). Each route is a function of the
// request; they are token-protected by the caller.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsHub } from '../metrics/metricsHub';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { sendJson } from './json';
import { routeApi } from './routeApi';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export function baseRoutes(info: { workspaceName: string; startedAt: number; workspaceConfig: WorkspaceConfigFile; metrics: MetricsHub }): Record<string, Route> {
  return {
    'GET /api/health': (_req, res) =>
      sendJson(res, 200, { ok: true, workspace: info.workspaceName, uptimeMs: Date.now() - info.startedAt }),
    'POST /api/route': routeApi(info.workspaceConfig),
    'GET /api/metrics/summary': (_req, res) => sendJson(res, 200, info.metrics.summary()),
    'GET /metrics': async (_req, res) => {
      res.statusCode = 200;
      res.setHeader('Content-Type', info.metrics.registry.contentType);
      res.end(await info.metrics.registry.metrics());
    },
  };
}
