// Why: after `npm run bench -- --only a,b`, its rows go into the published results by running
//   node --import tsx bench/mergePartial.ts "<what was re-measured, at which commit>" \
//     [--drop-note <prefix>]… [--drop-row <name prefix>]…
// which merges bench/results/partial.json into latest.json row by row (lib/mergeRuns.ts) and
// renders latest.md from it. --drop-note: notes of latest the merge makes untrue; --drop-row: rows
// a bench no longer writes (renamed).
import fs from 'node:fs';
import path from 'node:path';
import { mergeRuns } from './lib/mergeRuns';
import { writeResults, type RunResult } from './lib/results';

const dir = path.join(import.meta.dirname, 'results');
const [note, ...rest] = process.argv.slice(2);
const drop = { notes: [] as string[], rows: [] as string[] };
for (let i = 0; i < rest.length; i += 2) {
  const [flag, value] = [rest[i], rest[i + 1]];
  if ((flag !== '--drop-note' && flag !== '--drop-row') || value === undefined)
    throw new Error('usage: bench/mergePartial.ts "<note>" [--drop-note <prefix>]… [--drop-row <name prefix>]…');
  (flag === '--drop-note' ? drop.notes : drop.rows).push(value);
}
if (!note || note.startsWith('--')) throw new Error('the first argument is the note to add');
const read = (base: string) => JSON.parse(fs.readFileSync(path.join(dir, `${base}.json`), 'utf8')) as RunResult;
const merged = mergeRuns(read('latest'), read('partial'), note, drop);
for (const file of writeResults(dir, 'latest', merged)) console.log(`wrote ${file}`);
