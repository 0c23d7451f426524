// Why: starting a process blocks the calling thread until the child has exec'd (libuv waits for
// it), about 20 ms a spawn on a loaded machine and far more at worst. A run spawns git a dozen
// times (snapshot, diff), so the soak's profile showed those spawns as the server's longest event-
// loop stalls. Here they are made from a worker thread: its loop waits for the exec, the server's
// does not. The child's output and failure come back as execFile gives them.
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

type Reply = { id: number; error: string | null; stdout: string | Uint8Array; stderr: string | Uint8Array };

// Plain JavaScript evaluated in the worker, so it needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFile } = require('node:child_process');
parentPort.on('message', ({ id, file, args, options }) => {
  execFile(file, args, options, (err, stdout, stderr) =>
    parentPort.postMessage({ id, error: err ? err.message : null, stdout, stderr }),
  );
});
`;

let worker: Worker | null = null;
const pending = new Map<number, { resolve: (r: Reply) => void; reject: (err: Error) => void }>();
let nextId = 0;

const asOutput = (v: string | Uint8Array) =>
  typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.length);

function started(): Worker {
  if (worker) return worker;
  // No execArgv: the worker needs no loader, and an inherited --input-type=module would break its source.
  const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
  w.unref();
  w.on('message', (reply: Reply) => {
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
    // Only replies still awaited keep the process alive, as execFile's children would.
    if (pending.size === 0) w.unref();
  });
  const fail = (err: Error) => {
    if (worker === w) worker = null;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the process-starting worker exited (code ${code})`)));
  worker = w;
  return w;
}

/** execFile(file, args, options), spawned from a worker thread; rejects with an OffLoopError as execFile would fail. */
export function execFileOffLoop(file: string, args: string[], options: OffLoopOptions): Promise<OffLoopResult> {
  const id = nextId++;
  return new Promise<Reply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const w = started();
    w.ref();
    w.postMessage({ id, file, args, options });
  }).then((r) => {
    const out = { stdout: asOutput(r.stdout), stderr: asOutput(r.stderr) };
    if (r.error !== null) throw new OffLoopError(r.error, out.stdout, out.stderr);
    return out;
  });
}
