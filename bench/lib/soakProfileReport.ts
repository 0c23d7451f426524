// Why: the soak's optional profile (TANDEM_SOAK_PROFILE=1) is read and printed apart from the
// soak's own figures: the functions with the most self time over the measured window, then the
// longest synchronous tasks with what held them, and where the .cpuprofile is kept.
import fs from 'node:fs';
import path from 'node:path';
import { pause, type BenchContext } from './context';
import { summarizeProfile } from './cpuProfile';
import { longestTasks, type TimedProfile } from './soakProfile';

const pct = (share: number) => `${(100 * share).toFixed(0).padStart(3)}%`;

export async function printProfile(ctx: BenchContext, dir: string, minMs: number): Promise<void> {
  const file = path.join(dir, 'server.cpuprofile');
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await pause(100);
  if (!fs.existsSync(file)) throw new Error(`soak: the server wrote no profile to ${file}`);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as TimedProfile;
  const intervalMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const n = profile.samples.length;
  ctx.log(`soak profile: ${file} (${n} samples, one per ${intervalMs.toFixed(2)} ms of wall time)`);
  ctx.log('soak profile: self time over the measured window');
  for (const s of summarizeProfile(profile, 20).self) ctx.log(`  ${pct(s.share)}  ${s.name}`);
  const tasks = longestTasks(profile, minMs, 12);
  ctx.log(`soak profile: ${tasks.length} longest synchronous tasks of ${minMs} ms or more (wall; samples taken)`);
  for (const t of tasks) {
    ctx.log(`  at ${(t.startMs / 1000).toFixed(1)} s: ${t.wallMs.toFixed(0)} ms, ${t.samples} samples`);
    for (const f of t.frames) ctx.log(`      ${pct(f.share)}  ${f.name}`);
  }
}
