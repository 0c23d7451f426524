// Why: a run's shell commands (the model's and the validation) run in the snapshot with a time
// limit, an output cap and a scrubbed environment, in their own process group — inside
// bubblewrap when it works here. Cancel, timeout and the command's own end all kill the whole
// group with SIGKILL, so no process outlives its command (OpenHands #6848 is the failure mode).
// They run under `nice`: a run's tests compete with the server for the same cores, and on two
// cores the soak's event-loop stalls over 100 ms came with runs' commands running (without runs,
// none); niced, the server (and the person's keystrokes) go first.
import fs from 'node:fs';
import path from 'node:path';
import type { Env } from '../../../lib/env';
import { isInside } from '../../workspace/realPath';
import { spawnOffLoop } from '../snapshot/offLoop';
import { bwrapArgs, gatedShell } from './bwrap';
import { commandEnv } from './commandEnv';
import { OutputCapture } from './outputCapture';

export type CommandLimits = { timeoutMs: number; outputCap: number };

export type CommandOutcome = {
  command: string;
  /** null when the command was killed. */
  exitCode: number | null;
  signal: string | null;
  output: string;
  truncated: boolean;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  sandboxed: boolean;
};

export type SandboxSettings = {
  /** The bwrap binary, or null to run without a sandbox (the UI says so). */
  bwrap: string | null;
  /** CPU priority below the server's (`nice -n`), for the command and all it starts; 0: the same. */
  nice: number;
  /** Folders hidden from commands (the data folder), except the snapshot itself. */
  hidden: string[];
  /** Folders put first on PATH (Tandem's own node_modules/.bin). */
  toolBins: string[];
  parentEnv: Env;
};

export type RunCommandOptions = CommandLimits & {
  snapshot: string;
  /** Writable scratch folder used as HOME and TMPDIR when there is no sandbox. */
  scratch: string;
  /** Folders to keep readable inside hidden ones (see SandboxLayout.readOnly). */
  readOnly?: string[];
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
};

/** Kills a process group; quiet when it is already gone. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left in the group
  }
}

export function runCommand(
  command: string,
  sandbox: SandboxSettings,
  opts: RunCommandOptions,
): Promise<CommandOutcome> {
  const started = performance.now();
  const sandboxed = sandbox.bwrap !== null;
  fs.mkdirSync(opts.scratch, { recursive: true });
  const env = commandEnv(sandbox.parentEnv, {
    snapshot: opts.snapshot,
    home: sandboxed ? '/tmp' : opts.scratch,
    toolBins: sandbox.toolBins,
  });
  const [bare, bareArgs]: [string, string[]] = sandboxed
    ? [
        sandbox.bwrap!,
        bwrapArgs(
          {
            snapshot: opts.snapshot,
            hidden: sandbox.hidden.filter((h) => !isInside(h, opts.snapshot)),
            // The tools' node_modules stay visible even when Tandem itself lives under /tmp,
            // which the sandbox replaces with a private one.
            readOnly: [
              ...(opts.readOnly ?? []),
              ...sandbox.toolBins.map((bin) => path.dirname(bin)).filter((dir) => isInside(dir, '/tmp')),
            ],
          },
          gatedShell(command),
        ),
      ]
    : ['/bin/sh', ['-c', command]];
  // nice execs its command in the same process: the pid is still the group's leader.
  const [file, args] = sandbox.nice > 0 ? ['nice', ['-n', String(sandbox.nice), bare, ...bareArgs]] : [bare, bareArgs];
  const capture = new OutputCapture(opts.outputCap);
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    /** The child's pid once the worker has started it; a kill asked before then waits for it. */
    let pid: number | undefined;
    let killWanted = false;
    const kill = () => {
      killWanted = true;
      killGroup(pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      kill();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (exitCode: number | null, signal: string | null, error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Whatever the shell left running in the background dies with it.
      killGroup(pid);
      if (error) capture.push(`\n[could not start the command: ${error.message}]`);
      if (timedOut) capture.push(`\n[killed: the command ran longer than ${opts.timeoutMs} ms]`);
      resolve({
        command,
        exitCode,
        signal,
        output: capture.text(),
        truncated: capture.truncated,
        durationMs: performance.now() - started,
        timedOut,
        cancelled,
        sandboxed,
      });
    };
    // Started from a worker thread (snapshot/offLoop.ts): the spawn does not hold the server's loop.
    spawnOffLoop(
      file,
      args,
      { cwd: opts.snapshot, env: env as NodeJS.ProcessEnv, detached: true, gate: sandboxed },
      {
        spawned: (p) => {
          pid = p;
          if (killWanted) killGroup(pid);
        },
        data: (buf) => {
          const text = buf.toString('utf8');
          capture.push(text);
          opts.onOutput?.(text);
        },
        // 'close' waits for the pipes; a background process holding them is killed at 'exit'.
        exit: () => killGroup(pid),
        close: (code, signal) => finish(code, signal),
        error: (err) => finish(null, null, err),
      },
    );
  });
}
