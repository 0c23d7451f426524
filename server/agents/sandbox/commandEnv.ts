// Why: commands a model chooses must not see Tandem's secrets (API keys, the workspace token, any
// TANDEM_* setting) or the person's credentials. The environment is built from an allowlist, not
// by deleting known secrets, and PATH gains Tandem's own node_modules/.bin so a workspace's
// `tsx --test` works without its own install. Pure.
import path from 'node:path';
import type { Env } from '../../../lib/env';

const PASSED_THROUGH = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TERM', 'USER', 'LOGNAME', 'SHELL'] as const;

export function commandEnv(
  parent: Env,
  opts: { snapshot: string; home: string; toolBins: string[] },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const v = parent[name];
    if (v !== undefined && v !== '') env[name] = v;
  }
  const inherited = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter);
  env.PATH = [
    path.join(opts.snapshot, 'node_modules', '.bin'),
    ...opts.toolBins,
    ...inherited.filter((p) => p && !opts.toolBins.includes(p)),
  ].join(path.delimiter);
  env.HOME = opts.home;
  env.TMPDIR = opts.home;
  env.CI = '1';
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  env.NO_UPDATE_NOTIFIER = '1';
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}
