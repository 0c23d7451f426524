import { describe, expect, it } from 'vitest';
import { samePeople, showPeople, usePresenceStore, type Person } from './presenceStore';

const ana: Person = { clientId: 1, name: 'Ana', color: '#f00', path: 'a.ts', self: true };
const bo: Person = { clientId: 2, name: 'Bo', color: '#0f0', path: null, self: false };

describe('presence list', () => {
  it('compares people by every detail shown, in order', () => {
    expect(samePeople([ana, bo], [{ ...ana }, { ...bo }])).toBe(true);
    expect(samePeople([ana, bo], [bo, ana])).toBe(false);
    expect(samePeople([ana], [ana, bo])).toBe(false);
    expect(samePeople([ana], [{ ...ana, path: 'b.ts' }])).toBe(false);
    expect(samePeople([ana], [{ ...ana, name: 'Ann' }])).toBe(false);
  });

  it('keeps the stored list (no re-render) when only a cursor moved, and replaces it when a person changed', () => {
    showPeople([ana, bo]);
    const stored = usePresenceStore.getState().people;
    let renders = 0;
    const stop = usePresenceStore.subscribe(() => renders++);
    showPeople([{ ...ana }, { ...bo }]);
    expect(usePresenceStore.getState().people).toBe(stored);
    showPeople([{ ...ana, path: 'b.ts' }, bo]);
    expect(usePresenceStore.getState().people[0]?.path).toBe('b.ts');
    expect(renders).toBe(1);
    stop();
  });
});
