// POST /api/route: the router as a dry run — which lane a request would go to, and why.
import { z } from 'zod';
import { resolvePolicy } from '../router/policy';
import { route } from '../router/route';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { readJson, sendError, sendJson } from './json';
import type { Route } from './routes';

const bodySchema = z.object({
  instruction: z.string().max(4000),
  path: z.string().max(1024).nullish(),
  selection: z
    .object({ startLine: z.number().int().min(1), endLine: z.number().int().min(1) })
    .refine((s) => s.endLine >= s.startLine, 'selection.endLine must not be before startLine')
    .nullish(),
});

export function routeApi(config: WorkspaceConfigFile): Route {
  return async (req, res) => {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      return sendError(res, 400, 'bad_request', `the body must be JSON: ${(err as Error).message}`);
    }
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(res, 400, 'bad_request', `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
    }
    let policy;
    try {
      policy = resolvePolicy(config.read().routing);
    } catch (err) {
      return sendError(res, 500, 'bad_config', (err as Error).message);
    }
    const d = route(parsed.data, policy);
    sendJson(res, 200, { lane: d.lane, reason: d.reason, confidence: d.confidence, instruction: d.instruction, override: d.override });
  };
}
