import { describe, expect, it } from 'vitest';
import { mergeRuns } from './mergeRuns';
import type { RunResult } from './results';
import type { Row } from './table';

const row = (section: string, name: string, p50: number): Row => ({ section, name, unit: 'ms', tandem: { p50 } });
const run = (rows: Row[], notes: string[]): RunResult => ({
  mode: 'full',
  durationS: 1,
  machine: {} as RunResult['machine'],
  rows,
  notes,
});

describe('mergeRuns', () => {
  const latest = run(
    [row('First token', 'node', 4), row('First token', 'chromium', 10), row('Scale', 'p99', 40)],
    ['first-token: quiet', 'browser: quiet', 'Rows of browser re-measured at abc'],
  );

  it('replaces rows by section and name, keeping the rows of the section another bench wrote', () => {
    const merged = mergeRuns(latest, run([row('First token', 'node', 3)], ['first-token: busy']), 'merged at def');
    expect(merged.rows.map((r) => [r.section, r.name, r.tandem.p50])).toEqual([
      ['First token', 'node', 3],
      ['First token', 'chromium', 10],
      ['Scale', 'p99', 40],
    ]);
  });

  it('puts a new row after the row before it in the partial run, else after its section; new sections last', () => {
    const partial = run([row('First token', 'hops', 1), row('Autocomplete', 'ghost', 20)], []);
    const names = mergeRuns(latest, partial, 'n').rows.map((r) => r.name);
    expect(names).toEqual(['node', 'chromium', 'hops', 'p99', 'ghost']);
    const between = run([row('First token', 'node', 3), row('First token', 'floor', 1)], []);
    expect(mergeRuns(latest, between, 'n').rows.map((r) => r.name)).toEqual(['node', 'floor', 'chromium', 'p99']);
  });

  it('drops rows by name prefix (a renamed row), never one the partial run wrote', () => {
    const partial = run([row('First token', 'node', 3)], []);
    const names = mergeRuns(latest, partial, 'n', { rows: ['chromium', 'node'] }).rows.map((r) => r.name);
    expect(names).toEqual(['node', 'p99']);
  });

  it('replaces the notes of the benches it ran, drops notes by prefix and adds its own', () => {
    const merged = mergeRuns(latest, run([], ['first-token: busy']), 'merged at def', { notes: ['Rows of browser'] });
    expect(merged.notes).toEqual(['browser: quiet', 'first-token: busy', 'merged at def']);
    expect(merged.mode).toBe('full');
  });
});
