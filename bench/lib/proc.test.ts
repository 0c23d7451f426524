// Why: the CPU and memory figures are only as good as the /proc parsing; this pins it to lines in
// the kernel's format and checks it against this very process.
import { describe, expect, it } from 'vitest';
import { otherLoad, parseProcStat, parseRss, treeCpuMs } from './proc';

describe('parseProcStat', () => {
  it('reads ppid and utime + stime past a command name with spaces and parentheses', () => {
    const line = '4242 (node (x) y) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 5 1 1 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, cpuTicks: 300 });
  });
});

describe('parseRss', () => {
  it('turns VmRSS kB into bytes', () => {
    expect(parseRss('Name:\tnode\nVmRSS:\t  2048 kB\n')).toBe(2048 * 1024);
    expect(parseRss('Name:\tnode\n')).toBe(0);
  });
});

describe('treeCpuMs', () => {
  it('reads this process', () => {
    expect(treeCpuMs(process.pid)).toBeGreaterThan(0);
  });
});

describe('otherLoad', () => {
  it('reports a non-negative share of the machine', async () => {
    const done = otherLoad(process.pid);
    await new Promise((r) => setTimeout(r, 50));
    const load = done();
    // Clamped at 0 by construction, so what can go wrong is the division: NaN or Infinity.
    expect(Number.isFinite(load)).toBe(true);
    expect(load).toBeGreaterThanOrEqual(0);
  });
});
