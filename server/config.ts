// Process-wide settings, read once at start from arguments and environment (docs/configuration.md).
// Pure: takes argv/env, returns a validated object or throws an error that names the bad setting.
import type { Env } from '../lib/env';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_GENERATION_DELETED } from './collab/docGeneration';
import { DEFAULT_LIMITS, type Limits } from './limits/limits';

export type TandemConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** The folder to open; null means the bundled sample workspace, copied into dataDir. */
  workspace: string | null;
  token: string;
  tokenFromEnv: boolean;
  dev: boolean;
  /** Serve only the API and Socket.IO, without the Next.js UI (other clients, tests). */
  headless: boolean;
  autosaveMs: number;
  publicUrl: string | null;
  /** A second token that grants only GET /metrics (for a Prometheus scraper). */
  metricsToken: string | null;
  /** Cluster mode when set (docs/operations.md): documents and Socket.IO shared through this Redis. */
  redisUrl: string | null;
  /** This process's name in the cluster (its entries in the document logs, its file leases). */
  nodeId: string;
  /** Cluster mode: how long an edit's acknowledgement waits for Redis before it is refused. */
  durableWaitMs: number;
  /** How long a person's fast-lane turns outlive a dropped connection, waiting for them to come back. */
  fastReconnectGraceMs: number;
  /** Deleted runs after which an open document starts a new generation (0: never); absent: the default. */
  docGenerationDeleted?: number;
  /** Rate limits (server/limits/limits.ts); absent means the defaults. */
  limits?: Limits;
};

export class ConfigError extends Error {}

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not a whole number between ${min} and ${max}`);
  }
  return n;
}

/** A Redis URL, checked enough to fail at start with the setting's name rather than on first use. */
function redisUrlSetting(env: Env): string | null {
  const raw = (env.REDIS_URL ?? '').trim();
  if (raw === '') return null;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    // Never echo a password back into the logs.
    const shown = raw.replace(/\/\/[^@/]*@/, '//…@');
    throw new ConfigError(
      `REDIS_URL=${JSON.stringify(shown)} is not a Redis URL: expected redis://[user:password@]host[:port][/db] or rediss://…`,
    );
  }
  return raw;
}

function nodeIdSetting(env: Env): string {
  const raw = env.TANDEM_NODE_ID ?? '';
  if (raw === '') return randomBytes(4).toString('hex');
  if (!/^[A-Za-z0-9_.-]{1,32}$/.test(raw)) {
    throw new ConfigError(`TANDEM_NODE_ID=${JSON.stringify(raw)} must be 1 to 32 letters, digits, '.', '_' or '-'`);
  }
  return raw;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  return raw === '1' || raw === 'true' || raw === 'yes';
}

export function loadConfig(argv: string[], env: Env, cwd: string): TandemConfig {
  const positional = argv.filter((a) => !a.startsWith('--'));
  if (positional.length > 1)
    throw new ConfigError(`expected at most one workspace folder, got: ${positional.join(' ')}`);
  const workspaceArg = positional[0] ?? env.TANDEM_WORKSPACE ?? '';
  const token = env.TANDEM_TOKEN ?? '';
  if (token !== '' && token.length < 8) throw new ConfigError('TANDEM_TOKEN must be at least 8 characters');
  return {
    port: intSetting(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(cwd, env.TANDEM_DATA_DIR || '.tandem-data'),
    workspace: workspaceArg ? path.resolve(cwd, workspaceArg) : null,
    token: token || randomBytes(24).toString('base64url'),
    tokenFromEnv: token !== '',
    dev: argv.includes('--dev') || env.NODE_ENV === 'development',
    headless: flag(env, 'TANDEM_HEADLESS'),
    autosaveMs: intSetting(env, 'TANDEM_AUTOSAVE_MS', 1000, 0, 600_000),
    publicUrl: env.TANDEM_PUBLIC_URL || null,
    metricsToken: env.TANDEM_METRICS_TOKEN || null,
    redisUrl: redisUrlSetting(env),
    nodeId: nodeIdSetting(env),
    durableWaitMs: intSetting(env, 'TANDEM_DURABLE_WAIT_MS', 10_000, 100, 600_000),
    fastReconnectGraceMs: intSetting(env, 'TANDEM_FAST_RECONNECT_GRACE_MS', 30_000, 0, 3_600_000),
    docGenerationDeleted: intSetting(env, 'TANDEM_DOC_GENERATION_DELETED', DEFAULT_GENERATION_DELETED, 0, 100_000_000),
    limits: {
      eventsPerSec: intSetting(env, 'TANDEM_LIMIT_EVENTS_PER_SEC', DEFAULT_LIMITS.eventsPerSec, 0, 1_000_000),
      eventsBurst: intSetting(env, 'TANDEM_LIMIT_EVENTS_BURST', DEFAULT_LIMITS.eventsBurst, 1, 10_000_000),
      modelPerMin: intSetting(env, 'TANDEM_LIMIT_MODEL_PER_MIN', DEFAULT_LIMITS.modelPerMin, 0, 1_000_000),
      runsPerHour: intSetting(env, 'TANDEM_LIMIT_RUNS_PER_HOUR', DEFAULT_LIMITS.runsPerHour, 0, 1_000_000),
    },
  };
}
