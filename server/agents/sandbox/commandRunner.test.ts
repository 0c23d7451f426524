// Real processes: exit codes, output cap, time limit, cancel killing the whole process group,
// the scrubbed environment, and — where bubblewrap works — the sandbox's walls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeBwrap } from './bwrap';
import { runCommand, type SandboxSettings } from './commandRunner';
import { processesMatching } from './processScan';

function dirs() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-cmd-')));
  const data = path.join(base, 'data');
  const snapshot = path.join(data, 'runs', 'r1', 'work');
  fs.mkdirSync(snapshot, { recursive: true });
  fs.writeFileSync(path.join(data, 'tandem.db'), 'secret database');
  return { data, snapshot, scratch: path.join(data, 'runs', 'r1', 'scratch') };
}

const plain = (data: string, nice = 10): SandboxSettings => ({
  bwrap: null,
  nice,
  hidden: [data],
  toolBins: ['/opt/tandem/bin'],
  parentEnv: { PATH: '/usr/bin:/bin', TANDEM_TOKEN: 'tok', OPENAI_API_KEY: 'sk-x', HOME: '/root' },
});
const limits = { timeoutMs: 5000, outputCap: 4000 };
const gone = async (marker: string) => {
  for (let i = 0; i < 50 && processesMatching(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return processesMatching(marker);
};

describe('runCommand', () => {
  it('runs the command and what it starts below the server’s CPU priority (nice), or at it with 0', async () => {
    const d = dirs();
    const opts = { ...limits, snapshot: d.snapshot, scratch: d.scratch };
    const own = (await runCommand('nice', plain(d.data, 0), opts)).output.trim();
    expect((await runCommand('nice', plain(d.data), opts)).output.trim()).toBe(String(Number(own) + 10));
    expect((await runCommand('sh -c nice', plain(d.data), opts)).output.trim()).toBe(String(Number(own) + 10));
  });

  it('reports exit code, output and duration', async () => {
    const d = dirs();
    const r = await runCommand('echo out; echo err >&2; exit 4', plain(d.data), {
      ...limits,
      snapshot: d.snapshot,
      scratch: d.scratch,
    });
    expect(r).toMatchObject({
      exitCode: 4,
      output: 'out\nerr\n',
      truncated: false,
      timedOut: false,
      cancelled: false,
      sandboxed: false,
    });
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('caps the output, keeping the start and the end', async () => {
    const d = dirs();
    const r = await runCommand('for i in $(seq 1 3000); do echo "line $i"; done', plain(d.data), {
      ...limits,
      snapshot: d.snapshot,
      scratch: d.scratch,
    });
    expect(r.truncated).toBe(true);
    expect(r.output).toMatch(/^line 1\n/);
    expect(r.output).toMatch(/line 3000\n$/);
    expect(r.output).toMatch(/characters of output omitted \(cap 4000\)/);
    expect(r.output.length).toBeLessThan(4200);
  });

  it("passes no secrets and puts Tandem's tools on PATH", async () => {
    const d = dirs();
    const r = await runCommand('env', plain(d.data), { ...limits, snapshot: d.snapshot, scratch: d.scratch });
    expect(r.output).not.toMatch(/TANDEM_TOKEN|OPENAI_API_KEY|sk-x/);
    expect(r.output).toMatch(new RegExp(`^PATH=${d.snapshot}/node_modules/.bin:/opt/tandem/bin:/usr/bin:/bin$`, 'm'));
    expect(r.output).toMatch(new RegExp(`^HOME=${d.scratch}$`, 'm'));
  });

  it('kills the whole process group at the time limit', async () => {
    const d = dirs();
    const marker = `${300 + Math.random()}`.slice(0, 10);
    const r = await runCommand(`sleep ${marker} & sleep ${marker}; wait`, plain(d.data), {
      ...limits,
      timeoutMs: 300,
      snapshot: d.snapshot,
      scratch: d.scratch,
    });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.output).toMatch(/ran longer than 300 ms/);
    expect(await gone(marker)).toEqual([]);
  });

  it('cancel kills the whole process group, background children included', async () => {
    const d = dirs();
    const marker = `${400 + Math.random()}`.slice(0, 10);
    const controller = new AbortController();
    const running = runCommand(`sleep ${marker} & (sleep ${marker} &) ; sleep ${marker}`, plain(d.data), {
      ...limits,
      snapshot: d.snapshot,
      scratch: d.scratch,
      signal: controller.signal,
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(processesMatching(marker).length).toBeGreaterThanOrEqual(3);
    const t0 = performance.now();
    controller.abort();
    const r = await running;
    expect(performance.now() - t0).toBeLessThan(500);
    expect(r.cancelled).toBe(true);
    expect(await gone(marker)).toEqual([]);
  });

  it('a command that exits leaves no background process behind', async () => {
    const d = dirs();
    const marker = `${500 + Math.random()}`.slice(0, 10);
    const r = await runCommand(`sleep ${marker} > /dev/null 2>&1 & echo started`, plain(d.data), {
      ...limits,
      snapshot: d.snapshot,
      scratch: d.scratch,
    });
    expect(r.exitCode).toBe(0);
    expect(await gone(marker)).toEqual([]);
  });
});

describe('bubblewrap sandbox', async () => {
  const { bwrap } = await probeBwrap(process.env.PATH);
  it.skipIf(!bwrap)('writes only the snapshot, hides the data folder, has no network', async () => {
    const d = dirs();
    const sandbox: SandboxSettings = { ...plain(d.data), bwrap };
    const run = (cmd: string) => runCommand(cmd, sandbox, { ...limits, snapshot: d.snapshot, scratch: d.scratch });
    expect((await run('echo x > inside.txt && cat inside.txt')).output).toBe('x\n');
    expect(fs.readFileSync(path.join(d.snapshot, 'inside.txt'), 'utf8')).toBe('x\n');
    const probe = `/var/tandem-sandbox-probe-${process.pid}`;
    const outside = await run(`echo x > ${probe}`);
    expect(outside.exitCode).not.toBe(0);
    expect(outside.output).toMatch(/Read-only file system/);
    expect(fs.existsSync(probe)).toBe(false);
    expect((await run(`ls ${d.data}; cat ${d.data}/tandem.db`)).output).not.toMatch(/secret database/);
    expect((await run(`cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '`)).output.trim()).toBe('lo');
    expect((await run('echo $HOME; touch /tmp/t && echo tmp-ok')).output).toBe('/tmp\ntmp-ok\n');
    const repo = path.join(d.data, 'workspaces', 'ws', '.git');
    fs.mkdirSync(repo, { recursive: true });
    fs.writeFileSync(path.join(repo, 'HEAD'), 'ref: refs/heads/main\n');
    const exposed = await runCommand(`cat ${repo}/HEAD; touch ${repo}/x`, sandbox, {
      ...limits,
      snapshot: d.snapshot,
      scratch: d.scratch,
      readOnly: [repo],
    });
    expect(exposed.output).toMatch(/^ref: refs\/heads\/main\n.*Read-only file system/s);
    expect(outside.sandboxed).toBe(true);
  });

  it.skipIf(!bwrap)('cancel kills everything inside the sandbox', async () => {
    const d = dirs();
    const marker = `${600 + Math.random()}`.slice(0, 10);
    const controller = new AbortController();
    const running = runCommand(
      `sleep ${marker} & sleep ${marker}`,
      { ...plain(d.data), bwrap },
      { ...limits, snapshot: d.snapshot, scratch: d.scratch, signal: controller.signal },
    );
    for (let i = 0; i < 100 && processesMatching(`sleep ${marker}`).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect((await running).cancelled).toBe(true);
    expect(await gone(marker)).toEqual([]);
  });
});
