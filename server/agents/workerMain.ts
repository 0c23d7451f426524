// Entry point of a run worker: `npm run worker [-- /path/to/workspace]` with REDIS_URL set. It
// serves no people: it takes the workspace's background runs from the BullMQ queue and processes
// them as a web node does (snapshot, agent, validation, diff), writing their records and evidence
// to the Redis run log that every web node reads. Its own data folder (TANDEM_DATA_DIR) holds its
// copy of the runs and its snapshots; the workspace folder is shared with the web nodes.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, ConfigError } from '../config';
import { loadModelsConfig, ModelConfigError, describeLane } from '../models/config';
import { startModelLanes } from '../models/lanes';
import { simSettingsFromEnv } from '../models/sim/settings';
import { openDb } from '../store/db';
import { Workspace } from '../workspace/workspace';
import { redisRunBackend } from './runBackend';
import { RunService } from './runService';
import { runSettingsFromEnv } from './settings';

const log = (m: string) => console.log(`[tandem worker] ${m}`);

async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env, process.cwd());
  if (!config.redisUrl) throw new ConfigError('a worker needs REDIS_URL: it takes runs from the queue in Redis');
  if (!config.workspace) throw new ConfigError('a worker needs the workspace folder (argument or TANDEM_WORKSPACE)');
  if (!fs.existsSync(config.workspace) || !fs.statSync(config.workspace).isDirectory())
    throw new ConfigError(`workspace ${config.workspace} is not a folder`);
  const settings = runSettingsFromEnv(process.env);
  if (settings.concurrency === 0) throw new ConfigError('TANDEM_RUN_CONCURRENCY=0: a worker must take runs');
  const models = loadModelsConfig(process.env, process.cwd());
  const lanes = await startModelLanes(models, simSettingsFromEnv(process.env).profiles);
  // Not the web node's folder when both run from one place: each process keeps its own copy.
  const dataDir = process.env.TANDEM_DATA_DIR ? config.dataDir : path.join(config.dataDir, 'worker');
  const db = openDb(dataDir);
  const workspace = new Workspace(config.workspace);
  const runs = await RunService.start({
    db,
    workspace,
    // A worker holds no documents: the unsaved texts come with the run (see liveTexts.ts).
    docs: { openTexts: async () => [] },
    provider: lanes.strong,
    dataDir,
    settings,
    emit: { updated: () => undefined, evidence: () => undefined, removed: () => undefined },
    log,
    backend: redisRunBackend(config.redisUrl),
  });
  log(`workspace ${workspace.root}`);
  log(`strong lane: ${describeLane(models.strong)}`);
  log(`data ${dataDir}`);
  console.log(`\n  Tandem worker is running: ${settings.concurrency} run(s) at once\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: handing running runs back to the queue and stopping`);
    runs
      .close()
      .then(() => lanes.close())
      .then(
        () => {
          db.close();
          process.exit(0);
        },
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
  if (err instanceof ConfigError || err instanceof ModelConfigError) console.error(`tandem worker: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
