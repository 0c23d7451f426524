// Why: `npm run bench -- --only a,b` writes partial results; the rows it re-measured belong in the
// published ones (latest) beside the rest of the last full run. Rows are merged one by one, by
// section and name: two benches write into some sections (First token, Interrupt: Node clients and
// Chromium), and replacing a whole section dropped the other bench's rows. Notes: the partial run's
// per-bench notes replace the same bench's; notes starting with a dropped prefix go; one is added.
import type { RunResult } from './results';
import type { Row } from './table';

const key = (r: Row) => `${r.section}\u0000${r.name}`;
/** "complete: other processes…" → "complete". */
const benchOf = (note: string) => note.split(':', 1)[0]!;

export function mergeRuns(
  latest: RunResult,
  partial: RunResult,
  note: string,
  drop: readonly string[] = [],
): RunResult {
  const fresh = new Map(partial.rows.map((r) => [key(r), r]));
  const rows = latest.rows.map((r) => fresh.get(key(r)) ?? r);
  const known = new Set(latest.rows.map(key));
  for (const r of partial.rows) {
    if (known.has(key(r))) continue;
    // A new row goes after the last row of its section (or at the end, in a new section).
    const last = rows.map((x) => x.section).lastIndexOf(r.section);
    rows.splice(last === -1 ? rows.length : last + 1, 0, r);
  }
  const benches = new Set(partial.notes.map(benchOf));
  const notes = [
    ...latest.notes.filter((n) => !benches.has(benchOf(n)) && !drop.some((d) => n.startsWith(d))),
    ...partial.notes,
    note,
  ];
  return { ...latest, rows, notes };
}
