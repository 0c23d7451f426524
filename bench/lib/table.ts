// Why: the results are read by people (latest.md, the README) and by tools (latest.json); this
// turns rows into the markdown tables, one per section, with the Tandem/peer ratio and the target.
import { ratio } from './stats';

export type Figure = { p50: number; p99?: number; n?: number };
/** `met` is null when the target cannot be judged in this run (e.g. no peer in the smoke run). */
export type Target = { text: string; met: boolean | null };
export type Row = {
  section: string;
  name: string;
  unit: string;
  tandem: Figure;
  /** undefined: no peer for this row; null: the peer was not measured in this run. */
  peer?: Figure | null;
  target?: Target;
  note?: string;
};

/** About three significant figures, without exponent notation. */
export function formatNumber(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 100) return Math.round(v).toLocaleString('en-US');
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a === 0) return '0';
  return v.toPrecision(2);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function rowRatio(row: Row): number | null {
  return row.peer ? ratio(row.tandem.p50, row.peer.p50) : null;
}

function met(target: Target | undefined): string {
  if (!target) return '';
  return target.met === null ? 'n/a' : target.met ? 'yes' : '**no**';
}

export function renderTables(rows: readonly Row[]): string {
  const sections = [...new Set(rows.map((r) => r.section))];
  const out: string[] = [];
  for (const section of sections) {
    out.push(
      `### ${section}`,
      '',
      '| measure | unit | Tandem p50 | Tandem p99 | peer p50 | peer p99 | Tandem/peer | target | met |',
      '|---|---|--:|--:|--:|--:|--:|---|---|',
    );
    for (const r of rows.filter((x) => x.section === section)) {
      const q = rowRatio(r);
      const peer =
        r.peer === undefined
          ? ['', '']
          : r.peer === null
            ? ['not run', '']
            : [formatNumber(r.peer.p50), formatNumber(r.peer.p99)];
      const name = r.note ? `${r.name} — ${r.note}` : r.name;
      const cells = [
        cell(name),
        r.unit,
        formatNumber(r.tandem.p50),
        formatNumber(r.tandem.p99),
        ...peer,
        q === null ? '' : `${formatNumber(q)}×`,
        cell(r.target?.text ?? ''),
        met(r.target),
      ];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
