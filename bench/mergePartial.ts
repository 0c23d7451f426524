// Why: after `npm run bench -- --only a,b`, its rows go into the published results by running
//   node --import tsx bench/mergePartial.ts "<a note saying what was re-measured, at which commit>" [drop-prefix…]
// which merges bench/results/partial.json into latest.json row by row (lib/mergeRuns.ts) and
// renders latest.md from it. `drop-prefix`: notes of latest that the merge makes untrue.
import fs from 'node:fs';
import path from 'node:path';
import { mergeRuns } from './lib/mergeRuns';
import { writeResults, type RunResult } from './lib/results';

const dir = path.join(import.meta.dirname, 'results');
const [note, ...drop] = process.argv.slice(2);
if (!note) throw new Error('usage: bench/mergePartial.ts "<note>" [drop-prefix…]');
const read = (base: string) => JSON.parse(fs.readFileSync(path.join(dir, `${base}.json`), 'utf8')) as RunResult;
const merged = mergeRuns(read('latest'), read('partial'), note, drop);
for (const file of writeResults(dir, 'latest', merged)) console.log(`wrote ${file}`);
