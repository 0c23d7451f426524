// Why: server CPU per 1,000 tokens and memory under load are read from outside the server, the
// same way for Tandem and the peer: /proc of the server process and every process under it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export type ProcStat = { pid: number; ppid: number; cpuTicks: number };

/** Parses /proc/PID/stat (the command name may hold spaces and parentheses). */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return {
    pid: Number(text.slice(0, text.indexOf(' '))),
    ppid: Number(fields[1]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
  };
}

/** Parses VmRSS (kB) out of /proc/PID/status into bytes. */
export function parseRss(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function allStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push(parseProcStat(fs.readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

function tree(root: number, stats = allStats()): ProcStat[] {
  const keep = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) {
      if (keep.has(s.pid) || !keep.has(s.ppid)) continue;
      keep.add(s.pid);
      grew = true;
    }
  }
  const found = stats.filter((s) => keep.has(s.pid));
  if (!found.some((s) => s.pid === root)) throw new Error(`process ${root} is not running: cannot read its CPU time`);
  return found;
}

/** CPU ticks of every user-space process outside `root`'s tree (kernel threads, children of pid 2, left out). */
function othersTicks(root: number): Map<number, number> {
  const stats = allStats();
  const mine = new Set(tree(root, stats).map((s) => s.pid));
  return new Map(stats.filter((s) => !mine.has(s.pid) && s.pid !== 2 && s.ppid !== 2).map((s) => [s.pid, s.cpuTicks]));
}

/**
 * Measures how busy the rest of the machine is: cores used by processes outside `root`'s tree
 * between this call and the returned function's — another build or test run skews every figure.
 * (A process that starts and ends in between is missed, so this errs low.)
 */
export function otherLoad(root: number): () => number {
  const before = othersTicks(root);
  const wall0 = performance.now();
  return () => {
    let ticks = 0;
    for (const [pid, now] of othersTicks(root)) ticks += now - (before.get(pid) ?? 0);
    return (Math.max(0, ticks) * 1000) / clockTicks() / (performance.now() - wall0);
  };
}

/** CPU time (user + system, ms) used so far by a process and its descendants. */
export function treeCpuMs(root: number): number {
  return (tree(root).reduce((sum, s) => sum + s.cpuTicks, 0) * 1000) / clockTicks();
}

/** Resident memory (bytes) of a process and its descendants. */
export function treeRssBytes(root: number): number {
  return tree(root).reduce((sum, s) => {
    try {
      return sum + parseRss(fs.readFileSync(`/proc/${s.pid}/status`, 'utf8'));
    } catch {
      return sum;
    }
  }, 0);
}
