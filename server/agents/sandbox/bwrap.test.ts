// The sandbox's start gate with real bubblewrap: a sandbox whose Tandem is gone before it answers
// never runs its command (the kill -9 race seen in CI), and one that is answered runs it as PID 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bwrapArgs, GATE_FD, gatedShell, probeBwrap } from './bwrap';

function startGated(bwrap: string, snapshot: string, command: string) {
  const child = spawn(bwrap, bwrapArgs({ snapshot, hidden: [] }, gatedShell(command)), {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const gate = child.stdio[GATE_FD] as Duplex;
  gate.on('error', () => {});
  const asked = new Promise<string>((resolve) => gate.once('data', (d) => resolve(String(d))));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { gate, asked, exited, output: () => output };
}

describe('sandbox start gate', async () => {
  const { bwrap } = await probeBwrap(process.env.PATH);
  const snapshot = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-gate-')));

  it.skipIf(!bwrap)('runs the command as the namespace’s PID 1 once Tandem answers', async () => {
    const dir = snapshot();
    const sandbox = startGated(bwrap!, dir, 'echo "pid $$"; touch ran; exit 7');
    expect(await sandbox.asked).toBe('r');
    sandbox.gate.end('go\n');
    expect(await sandbox.exited).toBe(7);
    expect(sandbox.output()).toBe('pid 1\n');
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(true);
  });

  it.skipIf(!bwrap)('never runs the command when Tandem is gone before it answers', async () => {
    const dir = snapshot();
    const sandbox = startGated(bwrap!, dir, 'touch ran');
    expect(await sandbox.asked).toBe('r');
    sandbox.gate.destroy();
    expect(await sandbox.exited).not.toBe(0);
    expect(fs.existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});
