// Processes started from the worker thread: output as text or bytes, failures with the child's
// stderr, many at once, and a process that can still exit when none is awaited.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { execFileOffLoop, OffLoopError } from './offLoop';

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
