// Why: starting a process blocks the calling thread until the child has exec'd (libuv waits for
// it), about 20 ms a spawn on a loaded machine and far more at worst. A run spawns git a dozen
// times (snapshot, diff) and a shell per command, so the soak's profile showed those spawns as the
// server's longest event-loop stalls. Every child process of a run is started here instead, from
// one worker thread: its loop waits for the exec, the server's does not. execFileOffLoop gives the
// output and failure as execFile does; spawnOffLoop streams a long-running child's output and
// tells its pid (to kill its process group from here), its exit and its close.
import { Worker } from 'node:worker_threads';

export type OffLoopResult = { stdout: string | Buffer; stderr: string | Buffer };
export type OffLoopOptions = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  maxBuffer: number;
  encoding: 'buffer' | 'utf8';
};
/** execFile's error, as much of it as crosses threads: its message, and the child's output. */
export class OffLoopError extends Error {
  constructor(
    message: string,
    readonly stdout: string | Buffer,
    readonly stderr: string | Buffer,
  ) {
    super(message);
  }
}

export type SpawnOptions = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Its own process group (killed as a whole with process.kill(-pid)). */
  detached: boolean;
  /**
   * A fourth pipe (fd 3) that the child writes to once ready and that is answered "go\n" and
   * closed (bubblewrap's gate, see sandbox/bwrap.ts).
   */
  gate: boolean;
};
/** What a spawned child reports, in the order it happens; `close` (or `error`) is the last. */
export type SpawnListener = {
  spawned(pid: number | undefined): void;
  /** A chunk of its stdout or stderr, in arrival order. */
  data(chunk: Buffer): void;
  exit(): void;
  close(code: number | null, signal: string | null): void;
  error(err: Error): void;
};

type Reply =
  | { id: number; type: 'result'; error: string | null; stdout: string | Uint8Array; stderr: string | Uint8Array }
  | { id: number; type: 'spawned'; pid: number | undefined }
  | { id: number; type: 'data'; chunk: Uint8Array }
  | { id: number; type: 'exit' }
  | { id: number; type: 'close'; code: number | null; signal: string | null }
  | { id: number; type: 'error'; message: string };

// Plain JavaScript evaluated in the worker, so it needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFile, spawn } = require('node:child_process');
const post = (m) => parentPort.postMessage(m);
parentPort.on('message', ({ op, id, file, args, options }) => {
  if (op === 'execFile') {
    execFile(file, args, options, (err, stdout, stderr) =>
      post({ id, type: 'result', error: err ? err.message : null, stdout, stderr }),
    );
    return;
  }
  const { gate, ...spawnOptions } = options;
  const stdio = ['ignore', 'pipe', 'pipe', gate ? 'pipe' : 'ignore'];
  let child;
  try {
    child = spawn(file, args, { ...spawnOptions, stdio });
  } catch (err) {
    post({ id, type: 'error', message: err.message });
    return;
  }
  post({ id, type: 'spawned', pid: child.pid });
  if (gate) {
    const g = child.stdio[3];
    g.on('error', () => {});
    g.once('data', () => g.end('go\\n'));
  }
  const data = (chunk) => post({ id, type: 'data', chunk });
  child.stdout.on('data', data);
  child.stderr.on('data', data);
  child.once('error', (err) => post({ id, type: 'error', message: err.message }));
  child.once('exit', () => post({ id, type: 'exit' }));
  child.once('close', (code, signal) => post({ id, type: 'close', code, signal }));
});
`;

type Pending = { reply: (r: Reply) => void; fail: (err: Error) => void };

let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;

const asOutput = (v: string | Uint8Array) =>
  typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.length);

function started(): Worker {
  if (worker) return worker;
  // No execArgv: the worker needs no loader, and an inherited --input-type=module would break its source.
  const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  w.unref();
  w.on('message', (reply: Reply) => pending.get(reply.id)?.reply(reply));
  const fail = (err: Error) => {
    if (worker === w) worker = null;
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.fail(err);
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the process-starting worker exited (code ${code})`)));
  worker = w;
  return w;
}

/** Sends one request to the worker; it keeps the process alive until `done(id)`, as a child would. */
function send(op: 'execFile' | 'spawn', file: string, args: string[], options: object, p: Pending): number {
  const id = nextId++;
  pending.set(id, p);
  const w = started();
  w.ref();
  w.postMessage({ op, id, file, args, options });
  return id;
}

function done(id: number): void {
  pending.delete(id);
  // Only children still awaited keep the process alive.
  if (pending.size === 0) worker?.unref();
}

/** execFile(file, args, options), spawned from a worker thread; rejects with an OffLoopError as execFile would fail. */
export function execFileOffLoop(file: string, args: string[], options: OffLoopOptions): Promise<OffLoopResult> {
  return new Promise<OffLoopResult>((resolve, reject) => {
    const id = send('execFile', file, args, options, {
      fail: reject,
      reply: (r) => {
        if (r.type !== 'result') return;
        done(id);
        const out = { stdout: asOutput(r.stdout), stderr: asOutput(r.stderr) };
        if (r.error !== null) reject(new OffLoopError(r.error, out.stdout, out.stderr));
        else resolve(out);
      },
    });
  });
}

/** spawn(file, args) from the worker thread, stdin ignored, stdout and stderr streamed to `listener`. */
export function spawnOffLoop(file: string, args: string[], options: SpawnOptions, listener: SpawnListener): void {
  const id = send('spawn', file, args, options, {
    fail: (err) => listener.error(err),
    reply: (r) => {
      if (r.type === 'spawned') listener.spawned(r.pid);
      else if (r.type === 'data') listener.data(asOutput(r.chunk) as Buffer);
      else if (r.type === 'exit') listener.exit();
      else if (r.type === 'close' || r.type === 'error') {
        done(id);
        if (r.type === 'close') listener.close(r.code, r.signal);
        else listener.error(new Error(r.message));
      }
    },
  });
}
