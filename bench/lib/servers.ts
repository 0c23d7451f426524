// Why: Tandem and the peer run as child processes, started the same way and pointed at the bench's
// simulated model, so their CPU and memory are read from /proc on equal terms and a crash in either
// cannot take the measuring process down. Everything started here is stopped by `stopAll`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../server/testing/fixtures';
import { killer, startServerProcess } from '../../server/testing/serverProcess';
import { MODEL } from './sim';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PEER_DIR = path.join(ROOT, 'bench/peer');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');
export const TOKEN = 'bench-token-0123456789';

export type Server = { name: string; url: string; pid: number; stop: () => Promise<void> };

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

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** Whether a `next build` is running in the repository (another engineer may be building). */
function buildRunning(): boolean {
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (
        (cmd.includes('next build') || cmd.includes('next\0build') || cmd.includes('next-build')) &&
        fs.realpathSync(`/proc/${pid}/cwd`) === ROOT
      )
        return true;
    } catch {
      // gone, or not ours to read
    }
  }
  return false;
}

/** Waits (bounded) for a build in progress to end; builds Tandem's UI when `.next/BUILD_ID` is missing. */
export async function ensureTandemBuild(log: (m: string) => void): Promise<void> {
  for (let waited = 0; buildRunning(); waited += 5) {
    if (waited === 0) log('another next build is running in the repository: waiting for it…');
    if (waited >= 600) throw new Error('a next build has been running for 10 minutes: cannot take a consistent build');
    await new Promise((r) => setTimeout(r, 5000));
  }
  if (fs.existsSync(path.join(ROOT, '.next/BUILD_ID'))) return;
  log('building Tandem (npm run build)…');
  run('npm', ['run', 'build'], ROOT);
}

/**
 * A private copy of Tandem — its server and shared sources and, with `ui`, its built UI — so a
 * build or an edit made by someone else during the run cannot change what is being measured.
 */
export function snapshotTandem(ui: boolean): string {
  const dir = tempDir('bench-snapshot');
  for (const d of ['server', 'lib']) fs.cpSync(path.join(ROOT, d), path.join(dir, d), { recursive: true });
  for (const f of ['package.json', 'tsconfig.json', 'next.config.ts'])
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (ui) {
    const skip = [path.join(ROOT, '.next/cache'), path.join(ROOT, '.next/dev')];
    fs.cpSync(path.join(ROOT, '.next'), path.join(dir, '.next'), {
      recursive: true,
      filter: (src) => !skip.some((s) => src.startsWith(s)),
    });
    fs.cpSync(path.join(ROOT, 'public'), path.join(dir, 'public'), { recursive: true });
    if (!fs.existsSync(path.join(dir, '.next/BUILD_ID')))
      throw new Error('the copied build has no BUILD_ID: it changed while it was copied');
  }
  return dir;
}

/** Tandem as `npm start` runs it (from a snapshot), on a temp workspace, its fast lane on the bench's simulator. */
export async function startTandem(opts: {
  snapshot: string;
  simBaseUrl: string;
  files: Record<string, string>;
  ui: boolean;
  maxConnections?: number;
  /** Settings for this child (e.g. TANDEM_FAST_API), over the bench's own. */
  env?: Record<string, string>;
  /** A workspace folder to open instead of a new one with `files` (cluster nodes share one). */
  workspace?: string;
}): Promise<Server> {
  const root = tempDir('bench-tandem');
  const workspace = opts.workspace ?? path.join(root, 'ws');
  if (!opts.workspace) writeFiles(workspace, opts.files);
  const config = path.join(root, 'tandem.config.json');
  fs.writeFileSync(config, JSON.stringify({ models: { fast: { maxConnections: opts.maxConnections ?? 16 } } }));
  const proc = await startServerProcess({
    workspace,
    dataDir: path.join(root, 'data'),
    token: TOKEN,
    cwd: opts.snapshot,
    keepOutput: false,
    env: {
      TANDEM_HEADLESS: opts.ui ? '0' : '1',
      TANDEM_CONFIG: config,
      TANDEM_FAST_BASE_URL: opts.simBaseUrl,
      TANDEM_FAST_MODEL: MODEL,
      TANDEM_STRONG_BASE_URL: opts.simBaseUrl,
      TANDEM_STRONG_MODEL: 'sim-strong',
      NEXT_TELEMETRY_DISABLED: '1',
      ...opts.env,
    },
  }).catch((err: Error) => {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    await proc.kill();
    fs.rmSync(root, { recursive: true, force: true });
  };
  return track({ name: 'tandem', url: proc.url, pid: proc.child.pid!, stop });
}

/** Resolves with the first capture of `pattern` in the child's output; rejects if it exits or takes 30 s. */
function ready(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  let out = '';
  let started = false;
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      if (started) return; // keep draining the pipe, stop keeping the output
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        started = true;
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      if (!started) out += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
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
  if (
    fs.existsSync(path.join(PEER_DIR, '.next/BUILD_ID')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === hash
  )
    return;
  log('building the peer app (next build in bench/peer)…');
  run(process.execPath, [NEXT_BIN, 'build'], PEER_DIR);
  fs.writeFileSync(stamp, peerSourceHash());
}

/** The peer app under `next start`, its route pointed at the bench's simulator; `env` over the bench's own. */
export async function startPeer(simBaseUrl: string, env: Record<string, string> = {}): Promise<Server> {
  // Port 0: the kernel picks a free one, and `next start` prints it (a port picked beforehand may be taken).
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', '0', '-H', '127.0.0.1'], {
    cwd: PEER_DIR,
    env: {
      ...process.env,
      PEER_MODEL_BASE_URL: simBaseUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = track({ name: 'peer', url: '', pid: child.pid!, stop: killer(child) });
  server.url = await ready(child, /Local:\s+(http:\/\/\S+)[\s\S]*Ready in/, 'the peer app');
  return server;
}
