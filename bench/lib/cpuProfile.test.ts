import { describe, expect, it } from 'vitest';
import { frameName, summarizeProfile, type CpuProfile } from './cpuProfile';

const frame = (functionName: string, url = '') => ({ functionName, url, lineNumber: 0 });

describe('summarizeProfile', () => {
  it('adds samples up per function, self and inclusive, counting a recursive frame once', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('emit', 'file:///tmp/snap/server/app.ts'), children: [3] },
        { id: 3, callFrame: frame('write', 'file:///x/node_modules/ws/lib/sender.js'), children: [4] },
        { id: 4, callFrame: frame('emit', 'file:///tmp/snap/server/app.ts') },
        { id: 5, callFrame: frame('(idle)') },
      ],
      samples: [3, 3, 4, 5],
    };
    const { self, inclusive } = summarizeProfile(profile);
    expect(self).toEqual([
      { name: 'write ws/lib/sender.js', share: 0.5 },
      { name: '(idle)', share: 0.25 },
      { name: 'emit server/app.ts', share: 0.25 },
    ]);
    expect(inclusive.slice(0, 3)).toEqual([
      { name: '(root)', share: 1 },
      { name: 'emit server/app.ts', share: 0.75 },
      { name: 'write ws/lib/sender.js', share: 0.75 },
    ]);
  });

  it('names frames by function and short path', () => {
    expect(frameName(frame('', 'node:events'))).toBe('(anonymous) node:events');
    expect(frameName(frame('push', 'file:///tmp/tandem-bench-snapshot-1/lib/diff/x.ts'))).toBe('push lib/diff/x.ts');
  });
});
