// What server/main.ts starts: both lanes' providers, plus the embedded simulated model server when
// a lane has no base URL. Prewarming opens each lane's connection before the first request.
import { type LaneConfig, type ModelsConfig, type PublicModelInfo, type Lane } from './config';
import { createProvider, type ModelProvider, type PrewarmResult } from './provider';
import { simSettingsFromEnv } from './sim/settings';
import { startSimServer, type SimServer } from './sim/server';

export type ModelRuntime = {
  fast: ModelProvider;
  strong: ModelProvider;
  /** The embedded simulated server, when a lane uses it. */
  sim: SimServer | null;
  provider(lane: Lane): ModelProvider;
  info(): PublicModelInfo[];
  prewarm(): Promise<Record<Lane, PrewarmResult>>;
  close(): Promise<void>;
};

export async function startModelRuntime(config: ModelsConfig, env: NodeJS.ProcessEnv = process.env): Promise<ModelRuntime> {
  const needsSim = config.fast.simulated || config.strong.simulated;
  const sim = needsSim ? await startSimServer({ port: 0, host: '127.0.0.1', profiles: simSettingsFromEnv(env).profiles }) : null;
  const make = (lane: LaneConfig) => createProvider(lane, lane.simulated ? sim!.baseUrl : lane.baseUrl);
  const fast = make(config.fast);
  const strong = make(config.strong);
  return {
    fast,
    strong,
    sim,
    provider: (lane) => (lane === 'fast' ? fast : strong),
    info: () => [fast.info, strong.info],
    prewarm: async () => {
      const [f, s] = await Promise.all([fast.prewarm(), strong.prewarm()]);
      return { fast: f, strong: s };
    },
    close: async () => {
      await Promise.all([fast.close(), strong.close()]);
      await sim?.close();
    },
  };
}
