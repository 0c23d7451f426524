// Why: the README's tables are generated from these rows; number formatting, cell escaping and
// the Tandem/peer ratio must not drift between runs.
import { describe, expect, it } from 'vitest';
import { formatNumber, renderTables, rowRatio, type Row } from './table';

describe('formatNumber', () => {
  it('keeps about three significant figures', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(42.123)).toBe('42.1');
    expect(formatNumber(3.14159)).toBe('3.14');
    expect(formatNumber(0.01234)).toBe('0.012');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

const rows: Row[] = [
  {
    section: 'First token',
    name: 'added | Node',
    unit: 'ms',
    tandem: { p50: 1, p99: 2 },
    peer: { p50: 10, p99: 20 },
    target: { text: '≤ 0.2× peer', met: true },
  },
  {
    section: 'First token',
    name: 'no peer yet',
    unit: 'ms',
    tandem: { p50: 1 },
    peer: null,
    target: { text: '≤ 0.2× peer', met: null },
  },
  { section: 'Diff', name: 'µs per token', unit: 'µs', tandem: { p50: 0.5 }, note: '2,000 lines' },
];

describe('renderTables', () => {
  it('renders one table per section with ratios, targets and escaped cells', () => {
    const md = renderTables(rows);
    expect(md).toContain('### First token');
    expect(md).toContain('### Diff');
    expect(md).toContain('| added \\| Node | ms | 1.00 | 2.00 | 10.0 | 20.0 | 0.10× | ≤ 0.2× peer | yes |');
    expect(md).toContain('| no peer yet | ms | 1.00 | — | not run |  |  | ≤ 0.2× peer | n/a |');
    expect(md).toContain('| µs per token — 2,000 lines | µs | 0.50 | — |  |  |  |  |  |');
  });
});

describe('rowRatio', () => {
  it('is Tandem p50 over peer p50, or null without a peer', () => {
    expect(rowRatio(rows[0]!)).toBe(0.1);
    expect(rowRatio(rows[1]!)).toBeNull();
    expect(rowRatio(rows[2]!)).toBeNull();
  });
});
