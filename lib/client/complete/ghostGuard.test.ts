import { afterEach, describe, expect, it } from 'vitest';
import { dropGhost, putGhost, type GhostSummary } from '../stores/ghostStore';
import { ghostEditOn } from './ghostGuard';

const ghost = (over: Partial<GhostSummary>): GhostSummary => ({
  requestId: 'turn-0001',
  path: 'src/a.ts',
  by: 'Bo',
  self: false,
  state: 'streaming',
  instruction: 'rename x',
  redirects: [],
  intent: 'edit',
  hunks: 0,
  ...over,
});

afterEach(() => dropGhost('turn-0001'));

describe('ghostEditOn', () => {
  it("is true while anyone's unresolved ghost edit is on the file", () => {
    expect(ghostEditOn('src/a.ts')).toBe(false);
    putGhost(ghost({ state: 'streaming' }));
    expect(ghostEditOn('src/a.ts')).toBe(true);
    expect(ghostEditOn('src/b.ts')).toBe(false);
    putGhost(ghost({ state: 'done', self: true }));
    expect(ghostEditOn('src/a.ts')).toBe(true);
  });

  it('is false once it is resolved, and for an answer in words', () => {
    putGhost(ghost({ state: 'accepted' }));
    expect(ghostEditOn('src/a.ts')).toBe(false);
    putGhost(ghost({ intent: 'answer', state: 'streaming' }));
    expect(ghostEditOn('src/a.ts')).toBe(false);
  });
});
