// Process-wide settings, read once at start from arguments and environment (docs/configuration.md).
// Pure: takes argv/env, returns a validated object or throws an error that names the bad setting.
import type { Env } from '../lib/env';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

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
  };
}
