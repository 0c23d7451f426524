// The soak's task cutting on a hand-made timed profile: runs of non-idle samples, their wall time
// to the next idle sample, and the functions that held them.
import { describe, expect, it } from 'vitest';
import { longestTasks, type TimedProfile } from './soakProfile';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('longestTasks', () => {
  const profile: TimedProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)'), children: [2, 3, 5] },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('createSnapshot', 'file:///snap/server/agents/snapshot/snapshot.ts'), children: [4] },
      { id: 4, callFrame: frame('cpSync', 'node:fs') },
      { id: 5, callFrame: frame('emit', 'file:///snap/server/app.ts') },
    ],
    // idle, a 3-sample task (4, 4, 3), idle, a 1-sample task, then the profile ends.
    samples: [2, 4, 4, 3, 2, 5],
    startTime: 0,
    timeDeltas: [1000, 1000, 150_000, 1000, 1000, 1000],
    endTime: 205_000,
  };

  it('cuts tasks at idle samples, measures them to the next idle one, and names what held them', () => {
    const tasks = longestTasks(profile, 0);
    expect(tasks.map((t) => [t.startMs, t.wallMs, t.samples])).toEqual([
      [2, 152, 3],
      [155, 50, 1],
    ]);
    expect(tasks[0]!.frames).toEqual([
      { name: 'createSnapshot server/agents/snapshot/snapshot.ts', share: 1 },
      { name: 'cpSync node:fs', share: 2 / 3 },
    ]);
  });

  it('keeps only tasks of at least minMs, and at most `top`', () => {
    expect(longestTasks(profile, 100).map((t) => t.wallMs)).toEqual([152]);
    expect(longestTasks(profile, 0, 1)).toHaveLength(1);
  });
});
