// Why: the cluster tests run `npm run worker` as a real child process (so that kill -9 means what
// it says) — started on a workspace with its own data folder, ready when it says it is running.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killer, type ServerProcess } from '../testing/serverProcess';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 120_000;

export async function startWorkerProcess(opts: {
  workspace: string;
  dataDir: string;
  redisUrl: string;
  env?: Record<string, string>;
}): Promise<Omit<ServerProcess, 'url'>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/agents/workerMain.ts', opts.workspace], {
    cwd: projectDir,
    env: { ...process.env, REDIS_URL: opts.redisUrl, TANDEM_DATA_DIR: opts.dataDir, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    // A bound, not a speed check: tsx may take tens of seconds to load on a busy machine.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the worker did not start within ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', () => {
      if (!out.includes('Tandem worker is running')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited with ${code}:\n${out}`));
    });
  });
  return {
    child,
    output: () => out,
    kill: killer(child),
  };
}
