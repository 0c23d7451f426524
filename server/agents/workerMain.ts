// Entry point of a run worker: `npm run worker [-- /path/to/workspace]` with REDIS_URL set. It
// serves no people: it takes the workspace's background runs from the BullMQ queue and processes
// them as a web node does (snapshot, agent, validation, diff), writing their records and evidence
// to the Redis run log that every web node reads. Its own data folder (TANDEM_DATA_DIR) holds its
// copy of the runs and its snapshots. It takes snapshots from the workspace folder when it sees
// it (same machine, or a shared mount at the same path); otherwise — or with
// TANDEM_RUN_FETCH_SNAPSHOTS=1 — it fetches each run's snapshot from a web node (with TANDEM_TOKEN).
import fs from 'node:fs';
import path from 'node:path';
import { ProtocolFailure } from '../../lib/protocol';
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
  // Without the folder here (another machine), snapshots come from a web node: see snapshotServer.ts.
  const here = fs.existsSync(config.workspace) && fs.statSync(config.workspace).isDirectory();
  const fetching = !here || process.env.TANDEM_RUN_FETCH_SNAPSHOTS === '1';
  if (fetching && !config.tokenFromEnv)
    throw new ConfigError('a worker that fetches snapshots from the web nodes needs their TANDEM_TOKEN');
  const settings = runSettingsFromEnv(process.env);
  if (settings.concurrency === 0) throw new ConfigError('TANDEM_RUN_CONCURRENCY=0: a worker must take runs');
  const models = loadModelsConfig(process.env, process.cwd());
  const lanes = await startModelLanes(models, simSettingsFromEnv(process.env).profiles);
  // Not the web node's folder when both run from one place: each process keeps its own copy.
  const dataDir = process.env.TANDEM_DATA_DIR ? config.dataDir : path.join(config.dataDir, 'worker');
  const db = openDb(dataDir);
  const workspace = here ? new Workspace(config.workspace) : elsewhere(config.workspace);
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
    backend: redisRunBackend(config.redisUrl, {
      nodeId: config.nodeId,
      ...(fetching ? { fetchSnapshots: { token: config.token } } : {}),
    }),
  });
  log(`workspace ${workspace.root}${fetching ? ' (snapshots fetched from the web nodes)' : ''}`);
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

/** The workspace of web nodes on other machines: its path names its queue; it has no files here. */
function elsewhere(root: string): Pick<Workspace, 'root' | 'resolve'> {
  return {
    root,
    resolve: () => {
      throw new ProtocolFailure('unavailable', 'this worker does not see the workspace folder');
    },
  };
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof ModelConfigError) console.error(`tandem worker: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
