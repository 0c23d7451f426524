// The two model lanes of a running Tandem: a provider each, and the embedded simulated model
// server when a lane has no real endpoint configured. Started once by the app; closed with it.
import type { ModelInfo } from '../../lib/protocol/fast';
import type { ModelsConfig } from './config';
import type { ModelLane } from '../../lib/protocol/route';
import type { CallOutcomes } from './callClock';
import { createProvider, type ModelProvider } from './provider';
import { startSimServer, type SimServer } from './sim/server';
import type { ModelProfile } from './sim/settings';

export type ModelLanes = {
  fast: ModelProvider;
  strong: ModelProvider;
  sim: SimServer | null;
  info: { fast: ModelInfo; strong: ModelInfo };
  close(): Promise<void>;
};

/** Per-model speed overrides for the embedded simulated server (tests and benchmarks tune them). */
export type SimProfiles = Record<string, Partial<ModelProfile>>;

/** `outcomes(lane)` hears how each of that lane's model calls ended (the router's lane state). */
export async function startModelLanes(
  models: ModelsConfig,
  simProfiles: SimProfiles = {},
  outcomes?: (lane: ModelLane) => CallOutcomes,
): Promise<ModelLanes> {
  const needsSim = models.fast.simulated || models.strong.simulated;
  const sim = needsSim ? await startSimServer({ host: '127.0.0.1', port: 0, profiles: simProfiles }) : null;
  const providerFor = (lane: ModelsConfig['fast']) => createProvider(lane, sim?.baseUrl, outcomes?.(lane.lane));
  const fast = providerFor(models.fast);
  const strong = providerFor(models.strong);
  return {
    fast,
    strong,
    sim,
    info: { fast: fast.info, strong: strong.info },
    async close() {
      await Promise.all([fast.close(), strong.close()]);
      await sim?.close();
    },
  };
}
