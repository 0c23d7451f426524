// The autocomplete lane of a running Tandem: its model (own endpoint, or the fast lane's), the
// services that keep one request per person and document (inline completions, next-edit
// suggestions), their figures on the metrics registry, and the workspace's switch
// (`"autocomplete": false` in tandem.json, for both). Started by the app.
import type { Registry } from 'prom-client';
import type { CompleteLaneConfig } from '../models/config';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { CompleteMetrics } from './completeMetrics';
import { createCompletionModel } from './completionModel';
import { CompletionService } from './completionService';
import { createNextEditModel } from './nextEditModel';
import { NextEditService } from './nextEditService';

export type CompleteLane = {
  service: CompletionService;
  metrics: CompleteMetrics;
  nextEdit: NextEditService;
  nextEditMetrics: CompleteMetrics;
  close(): Promise<void>;
};

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
  const nextEditModel = createNextEditModel(deps.lane, deps.simBaseUrl);
  const nextEditMetrics = new CompleteMetrics(deps.registry, 'tandem_complete_next_edit');
  return {
    service: new CompletionService({ model, enabled, metrics }),
    metrics,
    nextEdit: new NextEditService({ model: nextEditModel, enabled, metrics: nextEditMetrics, log: deps.log }),
    nextEditMetrics,
    close: async () => {
      await Promise.all([model.close(), nextEditModel.close()]);
    },
  };
}
