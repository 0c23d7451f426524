// Entry point: `npm start [-- /path/to/folder]` (production) or `npm run dev`.
// Reads the settings, prepares the workspace and the Next.js UI, starts the one HTTP port and
// prints the URL with the workspace token (the owner's; others come in by invitation, docs/people.md).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTandem } from './app';
import type { NextHandlers } from './http/httpFront';
import { ConfigError, loadConfig } from './config';
import { describeLane, loadModelsConfig, ModelConfigError } from './models/config';
import { simSettingsFromEnv } from './models/sim/settings';
import { ensureSampleWorkspace } from './workspace/sampleWorkspace';
import { runSettingsFromEnv } from './agents/settings';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m: string) => console.log(`[tandem] ${m}`);

async function loadNext(dev: boolean, port: number): Promise<NextHandlers> {
  if (!dev && !fs.existsSync(path.join(projectDir, '.next', 'BUILD_ID'))) {
    throw new ConfigError('the web UI is not built: run `npm run build` first (or `npm run dev` for development)');
  }
  const { default: next } = await import('next');
  const app = next({ dev, dir: projectDir, hostname: 'localhost', port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  return {
    handle: (req, res) => handle(req, res),
    upgrade: (req, socket, head) => upgrade(req, socket, head),
    close: () => app.close(),
  };
}

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const config = loadConfig(process.argv.slice(2), process.env, process.cwd());
  let workspace = config.workspace;
  if (workspace) {
    if (!fs.existsSync(workspace) || !fs.statSync(workspace).isDirectory()) {
      throw new ConfigError(`workspace ${workspace} is not a folder`);
    }
  } else {
    workspace = ensureSampleWorkspace(config.dataDir, log);
  }
  const models = loadModelsConfig(process.env, process.cwd());
  const runs = runSettingsFromEnv(process.env);
  const simProfiles = simSettingsFromEnv(process.env).profiles;
  const nextHandlers = config.headless ? null : await loadNext(config.dev, config.port);
  const tandem = await createTandem({ ...config, workspace }, { models, simProfiles, next: nextHandlers, log, runs });
  log(`workspace ${tandem.workspace.root}`);
  log(`fast lane: ${describeLane(models.fast)}`);
  log(`strong lane: ${describeLane(models.strong)}`);
  if (tandem.models.sim)
    log(
      `simulated model server at ${tandem.models.sim.url} ` +
        `(set TANDEM_FAST_BASE_URL / TANDEM_STRONG_BASE_URL for real models)`,
    );
  log(`data ${config.dataDir}`);
  console.log(`\n  Tandem is running: ${tandem.url}/?token=${encodeURIComponent(config.token)}`);
  console.log(`  (the owner's link: invite others from the page's Invite button, as editors or viewers)\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: saving open documents and stopping`);
    tandem.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof ModelConfigError) console.error(`tandem: ${err.message}`);
  else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
    console.error(`tandem: port already in use (set PORT to choose another)`);
  else console.error(err);
  process.exit(1);
});
