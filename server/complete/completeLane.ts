// The autocomplete lane of a running Tandem: its model (own endpoint, or the fast lane's), the
// service that keeps one request per person and document, its figures on the metrics registry,
// and the workspace's switch (`"autocomplete": false` in tandem.json). Started by the app.
import type { Registry } from 'prom-client';
import type { CompleteLaneConfig } from '../models/config';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { CompleteMetrics } from './completeMetrics';
import { createCompletionModel } from './completionModel';
import { CompletionService } from './completionService';

export type CompleteLane = { service: CompletionService; metrics: CompleteMetrics; close(): Promise<void> };

export function startCompleteLane(deps: {
  lane: CompleteLaneConfig;
  /** The embedded simulated server's base URL, when the lane is simulated. */
  simBaseUrl: string | undefined;
  config: WorkspaceConfigFile;
  registry: Registry;
  log: (m: string) => void;
}): CompleteLane {
  const enabled = () => {
    try {
      return deps.config.read().autocomplete !== false;
    } catch (err) {
      // A broken tandem.json is reported where it is used for its other settings; completions stay on.
      deps.log(`autocomplete: ${(err as Error).message}`);
      return true;
    }
  };
  const model = createCompletionModel(deps.lane, deps.simBaseUrl, enabled);
  const metrics = new CompleteMetrics(deps.registry);
  return { service: new CompletionService({ model, enabled, metrics }), metrics, close: () => model.close() };
}
