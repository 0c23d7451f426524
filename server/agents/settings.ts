// Why: every limit of the background lane has a number, a default and a setting (docs/agents.md,
// docs/configuration.md). Read once at start from the environment; pure.
import type { Env } from '../../lib/env';
import { ConfigError } from '../config';

export type RunSettings = {
  /** Runs this process takes at once (TANDEM_RUN_CONCURRENCY); 0, with REDIS_URL: none (a web node). */
  concurrency: number;
  /** Model turns per run (TANDEM_RUN_MAX_STEPS). */
  maxSteps: number;
  /** Wall time per run, commands included (TANDEM_RUN_MAX_MS). */
  maxRunMs: number;
  /** Tokens per run, prompt and completion of every turn summed (TANDEM_RUN_MAX_TOKENS). */
  maxTokens: number;
  /** Wall time per command, validation included (TANDEM_RUN_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
  /** Characters of output kept per command (TANDEM_RUN_OUTPUT_CAP). */
  outputCap: number;
  /** `auto`: commands run in bubblewrap when it works here; `off`: never (TANDEM_RUN_SANDBOX). */
  sandbox: 'auto' | 'off';
  /** Commands' CPU priority below the server's, as `nice` takes it; 0: the same (TANDEM_RUN_NICE). */
  nice: number;
  /** Finished runs' snapshots are removed at start after this long. */
  keepSnapshotsMs: number;
  /** Cluster mode: runs of the workspace at once across every process; 0: no cap (TANDEM_RUN_CLUSTER_CONCURRENCY). */
  clusterConcurrency: number;
  /** Cluster mode: a taken run's lock, renewed at half; a worker silent this long is dead (TANDEM_RUN_LOCK_MS). */
  lockMs: number;
  /** Cluster mode: how often each worker looks for runs whose worker died (TANDEM_RUN_STALLED_CHECK_MS). */
  stalledCheckMs: number;
  /** Cluster mode: past this many entries the run log is compacted (TANDEM_RUN_LOG_MAX_ENTRIES). */
  logMaxEntries: number;
  /** How long a command that asks for approval waits for a person before it is denied (TANDEM_APPROVAL_TIMEOUT_MS). */
  approvalTimeoutMs: number;
};

export const DEFAULT_RUN_SETTINGS: RunSettings = {
  concurrency: 2,
  maxSteps: 40,
  maxRunMs: 15 * 60_000,
  maxTokens: 400_000,
  commandTimeoutMs: 5 * 60_000,
  outputCap: 64 * 1024,
  sandbox: 'auto',
  nice: 10,
  keepSnapshotsMs: 24 * 60 * 60_000,
  clusterConcurrency: 0,
  lockMs: 30_000,
  stalledCheckMs: 30_000,
  logMaxEntries: 10_000,
  approvalTimeoutMs: 10 * 60_000,
};

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a whole number between ${min} and ${max}`);
  return n;
}

export function runSettingsFromEnv(env: Env): RunSettings {
  const sandbox = env.TANDEM_RUN_SANDBOX || 'auto';
  if (sandbox !== 'auto' && sandbox !== 'off')
    throw new ConfigError(`TANDEM_RUN_SANDBOX=${JSON.stringify(sandbox)} must be "auto" or "off"`);
  const d = DEFAULT_RUN_SETTINGS;
  return {
    // Without REDIS_URL this process is the only one that runs anything.
    concurrency: int(env, 'TANDEM_RUN_CONCURRENCY', d.concurrency, env.REDIS_URL ? 0 : 1, 32),
    maxSteps: int(env, 'TANDEM_RUN_MAX_STEPS', d.maxSteps, 1, 1000),
    maxRunMs: int(env, 'TANDEM_RUN_MAX_MS', d.maxRunMs, 1000, 24 * 60 * 60_000),
    maxTokens: int(env, 'TANDEM_RUN_MAX_TOKENS', d.maxTokens, 1000, 100_000_000),
    commandTimeoutMs: int(env, 'TANDEM_RUN_COMMAND_TIMEOUT_MS', d.commandTimeoutMs, 100, 24 * 60 * 60_000),
    outputCap: int(env, 'TANDEM_RUN_OUTPUT_CAP', d.outputCap, 1024, 16 * 1024 * 1024),
    sandbox,
    nice: int(env, 'TANDEM_RUN_NICE', d.nice, 0, 19),
    keepSnapshotsMs: d.keepSnapshotsMs,
    clusterConcurrency: int(env, 'TANDEM_RUN_CLUSTER_CONCURRENCY', d.clusterConcurrency, 0, 1000),
    lockMs: int(env, 'TANDEM_RUN_LOCK_MS', d.lockMs, 500, 10 * 60_000),
    stalledCheckMs: int(env, 'TANDEM_RUN_STALLED_CHECK_MS', d.stalledCheckMs, 100, 10 * 60_000),
    logMaxEntries: int(env, 'TANDEM_RUN_LOG_MAX_ENTRIES', d.logMaxEntries, 100, 10_000_000),
    approvalTimeoutMs: int(env, 'TANDEM_APPROVAL_TIMEOUT_MS', d.approvalTimeoutMs, 100, 24 * 60 * 60_000),
  };
}
