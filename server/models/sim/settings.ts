// Per-model behaviour of the simulated server (time to first token, prefill rate, tokens/s, jitter,
// tokens per SSE chunk, the speed-up of predicted tokens), its defaults, and the environment
// variables that tune the embedded instance.
import type { Env } from '../../../lib/env';
export type ModelProfile = {
  /** Time from request to first token, ms. */
  ttftMs: number;
  tokensPerSecond: number;
  /** Relative spread of each inter-token gap: 0.2 = ±20 %, deterministic per request. */
  jitter: number;
  /** Tokens carried by one SSE chunk. */
  chunkTokens: number;
  /** Input tokens read per second before the first token (uncached input only). */
  prefillTokensPerSecond: number;
  /** Replaces ttftMs for a steered response's successor: the model is already warm. */
  continueMs: number;
  /** How much faster answer tokens that match a Predicted Output are produced (≥ 1). */
  predictionSpeedup: number;
};

export const SIM_FAST_MODEL = 'sim-fast';
export const SIM_STRONG_MODEL = 'sim-strong';

export const DEFAULT_PROFILES: Readonly<Record<string, ModelProfile>> = {
  [SIM_FAST_MODEL]: {
    ttftMs: 60,
    tokensPerSecond: 1000,
    jitter: 0.1,
    chunkTokens: 1,
    prefillTokensPerSecond: 200_000,
    continueMs: 5,
    predictionSpeedup: 4,
  },
  [SIM_STRONG_MODEL]: {
    ttftMs: 400,
    tokensPerSecond: 80,
    jitter: 0.1,
    chunkTokens: 1,
    prefillTokensPerSecond: 20_000,
    continueMs: 20,
    predictionSpeedup: 4,
  },
};

export type SimSettingsFromEnv = { profiles: Record<string, Partial<ModelProfile>> };

function positive(env: Env, name: string, min: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name}=${JSON.stringify(raw)} must be a number ≥ ${min}`);
  return n;
}

/**
 * Reads TANDEM_SIM_FAST_TPS, TANDEM_SIM_STRONG_TPS, TANDEM_SIM_TTFT_MS and
 * TANDEM_SIM_PREDICTION_SPEEDUP (the last two for both models).
 */
export function simSettingsFromEnv(env: Env = process.env): SimSettingsFromEnv {
  const ttftMs = positive(env, 'TANDEM_SIM_TTFT_MS', 0);
  const fastTps = positive(env, 'TANDEM_SIM_FAST_TPS', 0.1);
  const strongTps = positive(env, 'TANDEM_SIM_STRONG_TPS', 0.1);
  const predictionSpeedup = positive(env, 'TANDEM_SIM_PREDICTION_SPEEDUP', 1);
  const pick = (tps: number | undefined): Partial<ModelProfile> => ({
    ...(ttftMs !== undefined ? { ttftMs } : {}),
    ...(tps !== undefined ? { tokensPerSecond: tps } : {}),
    ...(predictionSpeedup !== undefined ? { predictionSpeedup } : {}),
  });
  return { profiles: { [SIM_FAST_MODEL]: pick(fastTps), [SIM_STRONG_MODEL]: pick(strongTps) } };
}

export function resolveProfiles(overrides: Record<string, Partial<ModelProfile>> = {}): Record<string, ModelProfile> {
  const out: Record<string, ModelProfile> = {};
  for (const name of new Set([...Object.keys(DEFAULT_PROFILES), ...Object.keys(overrides)])) {
    const base = DEFAULT_PROFILES[name] ?? DEFAULT_PROFILES[SIM_FAST_MODEL]!;
    out[name] = { ...base, ...overrides[name] };
  }
  return out;
}
