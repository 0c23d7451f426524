// Why: the soak's stall figures say how long the server's event loop was blocked, not by what.
// A V8 profile with timed samples (bench/lib/soakHook.mjs writes one with TANDEM_SOAK_PROFILE)
// answers it: consecutive samples that are not "(idle)" form one synchronous task; the longest
// tasks, each with the functions that held it, are what the stalls were made of. A task's wall
// time longer than its samples × interval means the process was descheduled (the machine's load).
import { frameName, type CpuProfile } from './cpuProfile';

export type TimedProfile = CpuProfile & { startTime: number; endTime: number; timeDeltas: number[] };

export type Task = {
  /** ms from the profile's start. */
  startMs: number;
  /** Wall time from its first sample to the next idle one. */
  wallMs: number;
  /** How many samples it held (each about one sampling interval of CPU, unless descheduled). */
  samples: number;
  /** Functions by how many of its samples they were on the stack in (stack frames, not only leaves). */
  frames: { name: string; share: number }[];
};

const IDLE = '(idle)';
/** Frames on (nearly) every stack, which say nothing about what ran. */
const GENERIC = new Set(['(root)', '(program)', 'processTicksAndRejections node:internal/process/task_queues']);

/** The `top` longest synchronous tasks of at least `minMs`, longest first, with their `frames` most seen functions. */
export function longestTasks(profile: TimedProfile, minMs: number, top = 10, frames = 8): Task[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number) => {
    const names = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      names.add(frameName(byId.get(at)!.callFrame));
    return names;
  };
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const idle = (i: number) => byId.get(profile.samples[i]!)!.callFrame.functionName === IDLE;
  const tasks: Task[] = [];
  for (let i = 0; i < profile.samples.length;) {
    if (idle(i)) {
      i++;
      continue;
    }
    const first = i;
    while (i < profile.samples.length && !idle(i)) i++;
    const end = i < times.length ? times[i]! : profile.endTime;
    const wallMs = (end - times[first]!) / 1000;
    if (wallMs < minMs) continue;
    const counts = new Map<string, number>();
    for (let k = first; k < i; k++)
      for (const name of stack(profile.samples[k]!)) counts.set(name, (counts.get(name) ?? 0) + 1);
    const n = i - first;
    const ranked = [...counts]
      .filter(([name]) => !GENERIC.has(name))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, frames)
      .map(([name, c]) => ({ name, share: c / n }));
    tasks.push({ startMs: (times[first]! - profile.startTime) / 1000, wallMs, samples: n, frames: ranked });
  }
  return tasks.sort((a, b) => b.wallMs - a.wallMs).slice(0, top);
}
