// What run/start carries for a handoff: the context and the link back with the partial diff's size.
import { describe, expect, it } from 'vitest';
import type { FastTurnInfo } from '../../protocol';
import { diffStat, handoffRun } from './handoffContext';

const info = {
  requestId: 'r1',
  path: 'src/sum.ts',
  by: 'Ada',
  instruction: 'rename total to sum',
  range: { startLine: 1, endLine: 3 },
  original: 'let total = 0;\ntotal += 1;\nreturn total;',
  model: { lane: 'fast', model: 'sim-fast', host: 'localhost', simulated: true },
} as FastTurnInfo;

describe('diffStat', () => {
  it('counts added and removed lines, not the file headers', () => {
    expect(diffStat('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n-b\n+c\n d')).toEqual({ added: 1, removed: 2 });
    expect(diffStat('')).toEqual({ added: 0, removed: 0 });
  });
});

describe('handoffRun', () => {
  it('carries the partial diff as context and its size in the link back', () => {
    const { context, handoff } = handoffRun({
      info,
      state: 'interrupted',
      redirects: ['keep it short'],
      result: 'let sum = 0;\ntotal += 1;\nreturn total;',
    });
    expect(context).toContain('- redirect: keep it short');
    expect(context).toContain('-let total = 0;');
    expect(handoff).toEqual({
      requestId: 'r1',
      path: 'src/sum.ts',
      instruction: 'rename total to sum',
      range: { startLine: 1, endLine: 3 },
      diff: { added: 1, removed: 1 },
    });
  });
});
