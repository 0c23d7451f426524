// Why: Tandem and the peer run as child processes, started the same way and pointed at the bench's
// simulated model, so their CPU and memory are read from /proc on equal terms and a crash in either
// cannot take the measuring process down. Everything started here is stopped by `stopAll`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess } from '../../server/testing/serverProcess';
import { MODEL } from './sim';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PEER_DIR = path.join(ROOT, 'bench/peer');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');
export const TOKEN = 'bench-token-0123456789';

export type Server = { name: string; url: string; pid: number; stop(): Promise<void> };

const running = new Set<Server>();

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

function track(server: Server): Server {
  running.add(server);
  const stop = server.stop;
  server.stop = async () => {
    running.delete(server);
    await stop();
  };
  return server;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `tandem-bench-${prefix}-`));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** Tandem as `npm start` runs it, on a temp workspace, its fast lane on the bench's simulator. */
export async function startTandem(opts: { simBaseUrl: string; files: Record<string, string>; ui: boolean; maxConnections?: number }): Promise<Server> {
  const root = tempDir('tandem');
  const workspace = path.join(root, 'ws');
  writeFiles(workspace, opts.files);
  const config = path.join(root, 'tandem.config.json');
  fs.writeFileSync(config, JSON.stringify({ models: { fast: { maxConnections: opts.maxConnections ?? 16 } } }));
  const proc = await startServerProcess({
    workspace,
    dataDir: path.join(root, 'data'),
    port: await freePort(),
    token: TOKEN,
    env: {
      TANDEM_HEADLESS: opts.ui ? '0' : '1',
      TANDEM_CONFIG: config,
      TANDEM_FAST_BASE_URL: opts.simBaseUrl,
      TANDEM_FAST_MODEL: MODEL,
      TANDEM_STRONG_BASE_URL: opts.simBaseUrl,
      TANDEM_STRONG_MODEL: 'sim-strong',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  return track({
    name: 'tandem',
    url: proc.url,
    pid: proc.child.pid!,
    stop: async () => {
      await proc.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    },
  });
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
}

/** Builds Tandem's UI when `.next/BUILD_ID` is missing, retrying while another build holds `.next`. */
export async function ensureTandemBuild(log: (m: string) => void): Promise<void> {
  for (let attempt = 1; !fs.existsSync(path.join(ROOT, '.next/BUILD_ID')); attempt++) {
    log('building Tandem (npm run build)…');
    try {
      run('npm', ['run', 'build'], ROOT);
    } catch (err) {
      if (attempt >= 3) throw err;
      log(`build failed (another build may hold .next); retrying in 20 s`);
      await new Promise((r) => setTimeout(r, 20_000));
    }
  }
}

function peerSourceHash(): string {
  const hash = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.next' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(PEER_DIR);
  return hash.digest('hex');
}

/** Builds the peer app into bench/peer/.next unless that build is of the current sources. */
export function buildPeer(log: (m: string) => void): void {
  const stamp = path.join(PEER_DIR, '.next/bench-source-hash');
  const hash = peerSourceHash();
  if (fs.existsSync(path.join(PEER_DIR, '.next/BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return;
  log('building the peer app (next build in bench/peer)…');
  run(process.execPath, [NEXT_BIN, 'build'], PEER_DIR);
  fs.writeFileSync(stamp, peerSourceHash());
}

/** The peer app under `next start`, its route pointed at the bench's simulator. */
export async function startPeer(simBaseUrl: string): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: PEER_DIR,
    env: { ...process.env, PEER_MODEL_BASE_URL: simBaseUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  const server = track({ name: 'peer', url, pid: child.pid!, stop });
  for (const started = Date.now(); ; ) {
    if (child.exitCode !== null) throw new Error(`the peer app exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return server;
    if (Date.now() - started > 20_000) throw new Error(`the peer app did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
