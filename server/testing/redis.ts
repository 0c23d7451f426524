// A real redis-server for tests and `npm run cluster`: its own process on a free port, with an
// append-only file in its own folder so a test can restart it and find its data again (or kill it
// with SIGKILL). No mock: the cluster code is tested against the Redis it runs on.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './serverProcess';

export type TestRedis = {
  url: string;
  port: number;
  dir: string;
  /** The process id of the redis-server running now (it changes with a restart). */
  pid(): number;
  /** Stops it cleanly (SHUTDOWN: the append-only file is complete). */
  stop(): Promise<void>;
  /** Stops it cleanly and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** SIGKILL: what was not yet fsynced may be lost. */
  kill(): Promise<void>;
};

const READY_TIMEOUT_MS = 20_000;

export function redisServerPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error(
      'redis-server is not installed, and the cluster tests need a real one: ' +
        'install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and run again',
    );
  }
  return found;
}

/** Resolves once the server answers PING with PONG, over a plain socket (no client library). */
async function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const start = Date.now();
  while (!(await answersPing(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() - start > READY_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer PING within ${READY_TIMEOUT_MS} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/**
 * Starts redis-server on a free port with its data in `opts.dir` (a new temp folder by default).
 * `appendfsync always` unless told otherwise: a test that kills it expects what was acknowledged.
 */
export async function startRedis(opts: { dir?: string; port?: number; fsync?: 'always' | 'everysec' } = {}) {
  const bin = redisServerPath();
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-redis-'));
  fs.mkdirSync(dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  let child: ChildProcess;
  let out = '';

  const launch = async () => {
    out = '';
    child = spawn(
      bin,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        opts.fsync ?? 'always',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await waitForPing(port, child, () => out);
  };

  const stop = async () => {
    const c = child;
    if (c.exitCode !== null || c.signalCode !== null) return;
    const gone = exited(c);
    c.kill('SIGTERM');
    await gone;
  };

  await launch();
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => child.pid ?? 0,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async kill() {
      const gone = exited(child);
      child.kill('SIGKILL');
      await gone;
    },
  };
  return redis;
}
