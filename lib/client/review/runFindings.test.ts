import { describe, expect, it } from 'vitest';
import { diffHunks } from '../../diff/hunks';
import type { Finding } from '../../protocol';
import { placeFindings } from './runFindings';

const base = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
// The run inserts two lines after line 5 and changes line 20 (line 22 of the result).
const result = base.replace('line 5\n', 'line 5\nadded a\nadded b\n').replace('line 20\n', 'line 20 changed\n');
const finding = (id: string, startLine: number, endLine = startLine, path = 'a.ts'): Finding => ({
  id,
  path,
  startLine,
  endLine,
  severity: 'warning',
  message: id,
});

describe('placeFindings', () => {
  const hunks = diffHunks(base, result);
  it('puts a finding with the hunk whose result lines (with context) it touches', () => {
    expect(hunks.map((h) => [h.newStart, h.newCount])).toEqual([
      [5, 2],
      [21, 1],
    ]);
    const placed = placeFindings(
      [
        finding('on-added', 6),
        finding('near-added', 9),
        finding('on-changed', 22),
        finding('far', 15),
        finding('other-file', 6, 6, 'b.ts'),
      ],
      'a.ts',
      hunks,
    );
    expect(placed.byHunk.get(hunks[0]!.id)?.map((f) => f.id)).toEqual(['on-added', 'near-added']);
    expect(placed.byHunk.get(hunks[1]!.id)?.map((f) => f.id)).toEqual(['on-changed']);
    expect(placed.unplaced.map((f) => f.id)).toEqual(['far']);
  });
});
