// `npm run cluster -- [N] [folder] [--dev]`: a whole Tandem cluster on one machine, for trying it
// and for tests run by hand. Starts redis-server (unless REDIS_URL is given; its data in the data
// folder), N web nodes on consecutive ports from PORT (each with its own data folder under
// TANDEM_DATA_DIR, the same token and workspace) and, when the project has `npm run worker`, one
// run worker. Prints the URLs and the token; Ctrl+C stops everything (twice: at once).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config';
import { startRedis, type TestRedis } from '../testing/redis';
import { ensureSampleWorkspace } from '../workspace/sampleWorkspace';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (m: string) => console.log(`[cluster] ${m}`);
const START_TIMEOUT_MS = 180_000;

type Proc = { name: string; child: ChildProcess; url: Promise<string> };

function parseArgs(argv: string[]): { count: number; workspace: string | null; dev: boolean } {
  const positional = argv.filter((a) => !a.startsWith('--'));
  const count = /^\d+$/.test(positional[0] ?? '') ? Number(positional.shift()) : 2;
  if (count < 1 || count > 16) throw new ConfigError(`the number of web nodes must be 1 to 16, got ${count}`);
  if (positional.length > 1) throw new ConfigError(`expected [N] [workspace folder], got: ${argv.join(' ')}`);
  return { count, workspace: positional[0] ?? process.env.TANDEM_WORKSPACE ?? null, dev: argv.includes('--dev') };
}

/** Starts a child in its own process group, its output prefixed; `url` resolves on its ready line. */
function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Proc {
  const child = spawn(command, args, { cwd: projectDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const lines = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        console.log(`[${name}] ${line}`);
        const m = ready.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] ?? '');
        }
      }
    };
    child.stdout!.on('data', lines);
    child.stderr!.on('data', lines);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}`));
    });
  });
  url.catch(() => undefined);
  return { name, child, url };
}

function signalGroup(p: Proc, signal: NodeJS.Signals): void {
  if (p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined) return;
  try {
    process.kill(-p.child.pid, signal);
  } catch {
    // Already gone.
  }
}

const exited = (p: Proc) =>
  new Promise<void>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
    p.child.once('exit', () => resolve());
  });

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED = '1';
  const { count, workspace: wsArg, dev } = parseArgs(process.argv.slice(2));
  const headless = ['1', 'true', 'yes'].includes((process.env.TANDEM_HEADLESS ?? '').toLowerCase());
  if (!dev && !headless && !fs.existsSync(path.join(projectDir, '.next', 'BUILD_ID'))) {
    throw new ConfigError('the web UI is not built: run `npm run build` first (or add --dev)');
  }
  const base = path.resolve(process.env.TANDEM_DATA_DIR || '.tandem-data/cluster');
  fs.mkdirSync(base, { recursive: true });
  const workspace = wsArg ? path.resolve(wsArg) : ensureSampleWorkspace(base, log);
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(`workspace ${workspace} is not a folder`);
  }
  const token = process.env.TANDEM_TOKEN || randomBytes(24).toString('base64url');
  const firstPort = Number(process.env.PORT || 3000);

  let redis: TestRedis | null = null;
  const redisUrl = process.env.REDIS_URL || (redis = await startRedis({ dir: path.join(base, 'redis') })).url;
  if (redis) log(`redis-server at ${redis.url}, data in ${redis.dir}`);

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    REDIS_URL: redisUrl,
    TANDEM_TOKEN: token,
    ...(dev ? { NODE_ENV: 'development' } : {}),
    ...extra,
  });
  const procs: Proc[] = [];
  for (let i = 1; i <= count; i++) {
    const nodeEnv = env({
      PORT: String(firstPort + i - 1),
      TANDEM_DATA_DIR: path.join(base, `node-${i}`),
      TANDEM_NODE_ID: `node-${i}`,
    });
    const args = ['--import', 'tsx', 'server/main.ts', workspace];
    procs.push(launch(`node-${i}`, process.execPath, args, nodeEnv, /Tandem is running: (http:\/\/[^/\s]+)/));
  }
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }
  ).scripts;
  if (scripts?.worker) {
    const workerEnv = env({ TANDEM_DATA_DIR: path.join(base, 'worker'), TANDEM_NODE_ID: 'worker-1' });
    procs.push(
      launch(
        'worker-1',
        'npm',
        ['run', '--silent', 'worker', '--', workspace],
        workerEnv,
        /Tandem worker is running()/,
      ),
    );
  }

  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) {
      procs.forEach((p) => signalGroup(p, 'SIGKILL'));
      await redis?.kill();
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping the nodes (they save open documents), then Redis`);
    procs.forEach((p) => signalGroup(p, 'SIGTERM'));
    await Promise.all(procs.map(exited));
    await redis?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    const urls = await Promise.all(procs.map((p) => p.url));
    console.log(
      `\n  Tandem cluster: ${count} web node(s) on ${workspace}, Redis at ${redisUrl.replace(/\/\/[^@/]*@/, '//…@')}`,
    );
    procs.forEach(
      (p, i) =>
        p.name.startsWith('node-') && console.log(`    ${p.name}: ${urls[i]}/?token=${encodeURIComponent(token)}`),
    );
    if (scripts?.worker) console.log('    worker-1: taking background runs');
    console.log(`  token: ${token}\n  Ctrl+C stops them all.\n`);
  } catch (err) {
    log((err as Error).message);
    await stop('start failed', 1);
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `tandem cluster: ${err.message}` : err);
  process.exit(1);
});
