// Processes started from the worker thread: output as text or bytes, failures with the child's
// stderr, many at once, and a process that can still exit when none is awaited; spawned children
// stream their output in order, report a pid whose group can be killed, and answer a gate.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { execFileOffLoop, OffLoopError, spawnOffLoop, type SpawnOptions } from './offLoop';

const opts = (encoding: 'utf8' | 'buffer') => ({ cwd: process.cwd(), env: process.env, maxBuffer: 1 << 20, encoding });

describe('execFileOffLoop', () => {
  it('returns the output as text or as bytes', async () => {
    const text = await execFileOffLoop('sh', ['-c', 'printf "a\\nb"'], opts('utf8'));
    expect(text.stdout).toBe('a\nb');
    const bytes = await execFileOffLoop('sh', ['-c', 'printf "\\377\\000x"'], opts('buffer'));
    expect(Buffer.isBuffer(bytes.stdout)).toBe(true);
    expect([...(bytes.stdout as Buffer)]).toEqual([255, 0, 120]);
  });

  it('fails as execFile does, with the child stderr and output', async () => {
    const err = await execFileOffLoop('sh', ['-c', 'echo out; echo bad >&2; exit 3'], opts('utf8')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OffLoopError);
    expect((err as OffLoopError).message).toContain('Command failed');
    expect((err as OffLoopError).stderr).toBe('bad\n');
    expect((err as OffLoopError).stdout).toBe('out\n');
    const missing = await execFileOffLoop('no-such-program-xyz', [], opts('utf8')).catch((e: Error) => e);
    expect((missing as Error).message).toContain('ENOENT');
  });

  it('answers each of many concurrent calls with its own output', async () => {
    const outs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => execFileOffLoop('sh', ['-c', `echo ${i}`], opts('utf8'))),
    );
    expect(outs.map((o) => o.stdout)).toEqual(Array.from({ length: 12 }, (_, i) => `${i}\n`));
  });

  it('does not keep a process alive once nothing is awaited', () => {
    const script =
      "import { execFileOffLoop } from './server/agents/snapshot/offLoop.ts';" +
      "const r = await execFileOffLoop('sh', ['-c', 'echo hi'], { cwd: '.', env: process.env, maxBuffer: 1024, " +
      "encoding: 'utf8' }); console.log(r.stdout.trim());";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(out.trim()).toBe('hi');
  });
});

type Spawned = {
  pid: number | undefined;
  output: string;
  events: string[];
  code: number | null;
  signal: string | null;
};

/** Spawns off the loop and resolves at close (or error), with what the listener saw; `onPid` runs once started. */
function spawned(script: string, options: Partial<SpawnOptions> = {}, onPid?: (pid: number) => void): Promise<Spawned> {
  const seen: Spawned = { pid: undefined, output: '', events: [], code: null, signal: null };
  return new Promise((resolve) =>
    spawnOffLoop(
      'sh',
      ['-c', script],
      { cwd: process.cwd(), env: process.env, detached: true, gate: false, ...options },
      {
        spawned: (pid) => {
          seen.pid = pid;
          seen.events.push('spawned');
          if (pid !== undefined) onPid?.(pid);
        },
        data: (chunk) => {
          seen.output += chunk.toString('utf8');
        },
        exit: () => seen.events.push('exit'),
        close: (code, signal) => {
          seen.events.push('close');
          resolve({ ...seen, code, signal });
        },
        error: (err) => {
          seen.events.push(`error: ${err.message}`);
          resolve(seen);
        },
      },
    ),
  );
}

describe('spawnOffLoop', () => {
  it('streams stdout and stderr in order and reports spawned, exit and close with the exit code', async () => {
    const r = await spawned('echo one; echo two >&2; sleep 0.1; echo three; exit 4');
    expect(r.pid).toBeGreaterThan(0);
    expect(r.output).toBe('one\ntwo\nthree\n');
    expect(r.events).toEqual(['spawned', 'exit', 'close']);
    expect(r.code).toBe(4);
  });

  it('gives the pid of its own process group, which the caller can kill as a whole', async () => {
    const r = await spawned('sleep 30 & echo started; wait', {}, (pid) =>
      setTimeout(() => process.kill(-pid, 'SIGKILL'), 300),
    );
    expect(r.output).toBe('started\n');
    expect(r.signal).toBe('SIGKILL');
  });

  it('answers the gate on fd 3 before the command goes on', async () => {
    const r = await spawned('printf r >&3 && read -r go <&3 && echo "gate said $go"', { gate: true });
    expect(r.output).toBe('gate said go\n');
    expect(r.code).toBe(0);
  });

  it('reports a program that cannot start as an error', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) =>
      spawnOffLoop(
        'no-such-program-xyz',
        [],
        { cwd: process.cwd(), env: process.env, detached: false, gate: false },
        {
          spawned: () => undefined,
          data: () => undefined,
          exit: () => undefined,
          close: () => resolve(),
          error: (err) => {
            seen.push(err.message);
            resolve();
          },
        },
      ),
    );
    expect(seen.join()).toContain('ENOENT');
  });
});
