// Runs Tandem as a real child process (`node --import tsx server/main.ts`), for tests that kill
// it with SIGKILL and start it again, and for the end-to-end tests (with the UI: TANDEM_HEADLESS=0).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const START_TIMEOUT_MS = 120_000;

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

/** Kills a child (SIGKILL unless told otherwise) and resolves once it has exited. */
export function killer(child: ChildProcess): (signal?: NodeJS.Signals) => Promise<void> {
  return (signal = 'SIGKILL') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
}

/**
 * Starts the server. Without `port` it listens on port 0 and the kernel picks a free one (the URL is
 * read from what it prints): a port picked beforehand with `freePort` can be taken by another socket
 * in the seconds tsx needs to load the server (it was, once, in CI). Pass `port` only to start again
 * on the port a killed server had.
 */
export async function startServerProcess(opts: {
  workspace: string;
  dataDir: string;
  port?: number;
  token: string;
  env?: Record<string, string>;
  /** The copy of Tandem to run (the bench runs a snapshot of the sources); this checkout by default. */
  cwd?: string;
  /** Keep the output after the start (for tests that read the log); a long run drops it. */
  keepOutput?: boolean;
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', opts.workspace], {
    cwd: opts.cwd ?? projectDir,
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      TANDEM_TOKEN: opts.token,
      TANDEM_DATA_DIR: opts.dataDir,
      TANDEM_HEADLESS: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let started = false;
  const keep = (d: Buffer) => {
    if (!started || opts.keepOutput !== false) out += d.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    // A bound, not a speed check: on a loaded machine tsx may take tens of seconds to load the server.
    // A server that never says it runs is killed, not left behind holding its port.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${out}`));
    }, START_TIMEOUT_MS);
    const check = () => {
      const m = /Tandem is running: (http:\/\/[^/\s]+)/.exec(out);
      if (m) {
        started = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    kill: killer(child),
  };
}
