import { describe, expect, it } from 'vitest';
import type { EvidenceEvent } from '../../protocol';
import { contiguousSeq, foldEvidence, itemOutput, mergeEvidence } from './evidenceItems';

const ev = (
  seq: number,
  itemId = `i${seq}`,
  phase: EvidenceEvent['phase'] = 'completed',
  output = '',
): EvidenceEvent => ({
  runId: 'r',
  seq,
  at: seq,
  itemId,
  phase,
  kind: 'command',
  command: 'npm test',
  output,
  truncated: false,
  exitCode: phase === 'completed' ? 0 : null,
  durationMs: null,
  timedOut: false,
  cancelled: false,
  sandboxed: true,
});

describe('mergeEvidence', () => {
  it('appends new events in order and drops the ones already there', () => {
    const a = mergeEvidence([], [ev(1), ev(2)]);
    expect(mergeEvidence(a, [ev(2), ev(3)]).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('sorts a live event that arrived before the replay of earlier ones', () => {
    const live = mergeEvidence([], [ev(5)]);
    expect(contiguousSeq(live)).toBe(0);
    const merged = mergeEvidence(live, [ev(1), ev(2), ev(3), ev(4), ev(5)]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(contiguousSeq(merged)).toBe(5);
  });

  it('returns the same array when nothing is new', () => {
    const a = mergeEvidence([], [ev(1)]);
    expect(mergeEvidence(a, [])).toBe(a);
  });
});

describe('foldEvidence', () => {
  it('folds started → progress → completed into one item', () => {
    const events = [
      ev(1, 'c', 'started'),
      ev(2, 'c', 'progress', 'line 1\n'),
      ev(3, 'x'),
      ev(4, 'c', 'progress', 'line 2\n'),
    ];
    const [cmd, other] = foldEvidence(events);
    expect(cmd).toMatchObject({ itemId: 'c', seq: 1, done: false, streamed: 'line 1\nline 2\n' });
    expect(itemOutput(cmd)).toBe('line 1\nline 2\n');
    expect(other.itemId).toBe('x');
    const [finished] = foldEvidence([...events, ev(5, 'c', 'completed', 'all output\n')]);
    expect(finished.done).toBe(true);
    expect(itemOutput(finished)).toBe('all output\n');
  });
});
