// Why: `npm run bench -- --only a,b` writes partial results; the rows it re-measured belong in the
// published ones (latest) beside the rest of the last full run. Rows are merged one by one, by
// section and name: two benches write into some sections (First token, Interrupt: Node clients and
// Chromium), and replacing a whole section dropped the other bench's rows. Rows a bench no longer
// writes (renamed) go by name prefix. Notes: the partial run's per-bench notes replace the same
// bench's; notes starting with a dropped prefix go; one is added.
import type { RunResult } from './results';
import type { Row } from './table';

const key = (r: Row) => `${r.section}\u0000${r.name}`;
/** "complete: other processes…" → "complete". */
const benchOf = (note: string) => note.split(':', 1)[0]!;

export type Drops = { notes?: readonly string[]; rows?: readonly string[] };

export function mergeRuns(latest: RunResult, partial: RunResult, note: string, drop: Drops = {}): RunResult {
  const fresh = new Map(partial.rows.map((r) => [key(r), r]));
  const gone = (r: Row) => !fresh.has(key(r)) && (drop.rows ?? []).some((d) => r.name.startsWith(d));
  const rows = latest.rows.filter((r) => !gone(r)).map((r) => fresh.get(key(r)) ?? r);
  const known = new Set(latest.rows.map(key));
  partial.rows.forEach((r, i) => {
    if (known.has(key(r))) return;
    // A new row goes where the partial run put it: after the row before it there, if that is in its
    // section; else after the last row of its section (or at the end, in a new section).
    const before = partial.rows[i - 1];
    const after = before?.section === r.section ? rows.indexOf(before) : -1;
    const at = after !== -1 ? after : rows.map((x) => x.section).lastIndexOf(r.section);
    rows.splice(at === -1 ? rows.length : at + 1, 0, r);
  });
  const benches = new Set(partial.notes.map(benchOf));
  const notes = [
    ...latest.notes.filter((n) => !benches.has(benchOf(n)) && !(drop.notes ?? []).some((d) => n.startsWith(d))),
    ...partial.notes,
    note,
  ];
  return { ...latest, rows, notes };
}
