// Why: a figure is only worth something with the machine it was taken on; this writes the rows of
// a run with that description to bench/results/ as markdown (for people) and JSON (for tools), and
// prints each target with whether it was met.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTables, rowRatio, type Row } from './table';

export type Machine = {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  chromium: string | null;
  date: string;
  source: string;
};

/** The commit measured, and whether the product sources had uncommitted changes (the run copies the working tree). */
function describeSource(root: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'app', 'components', 'lib', 'server') !== '';
    const changes = dirty ? ' with uncommitted changes in the product sources' : '';
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changes}`;
  } catch {
    return 'source revision unknown';
  }
}

export function describeMachine(root: string, chromiumPath?: string): Machine {
  let chromium: string | null = null;
  try {
    if (chromiumPath) chromium = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    chromium = null;
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    chromium,
    date: new Date().toISOString(),
    source: describeSource(root),
  };
}

export type RunResult = { mode: 'full' | 'smoke'; durationS: number; machine: Machine; rows: Row[]; notes: string[] };

/** Breaks a paragraph at spaces into lines of at most `width` characters (a longer word keeps a line of its own). */
export function wrapText(text: string, width = 120): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export function renderMarkdown(run: RunResult): string {
  const m = run.machine;
  const machine =
    `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.os}` +
    `${m.chromium ? `, ${m.chromium}` : ''}. Tandem at ${m.source}. ` +
    `Run took ${Math.round(run.durationS)} s. Times in ms unless stated; ` +
    '"Tandem/peer" is the ratio of the p50s (below 1: Tandem is faster or cheaper). ' +
    'The peer is the Vercel AI SDK (streamText in a Next.js route handler → UI message stream → useChat), ' +
    'on the same simulated model.';
  return [
    `## Benchmark results (${run.mode} run, ${m.date.slice(0, 10)})`,
    '',
    wrapText(machine),
    '',
    renderTables(run.rows),
    ...(run.notes.length ? ['Notes:', '', ...run.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

export function writeResults(dir: string, base: string, run: RunResult): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const md = path.join(dir, `${base}.md`);
  const json = path.join(dir, `${base}.json`);
  fs.writeFileSync(md, renderMarkdown(run));
  fs.writeFileSync(
    json,
    `${JSON.stringify({ ...run, rows: run.rows.map((r) => ({ ...r, ratio: rowRatio(r) })) }, null, 2)}\n`,
  );
  return [md, json];
}

/** One line per target: met, missed, or not judged in this run. */
export function targetLines(rows: readonly Row[]): string[] {
  return rows
    .filter((r) => r.target)
    .map(
      (r) =>
        `${r.target!.met === null ? '  n/a ' : r.target!.met ? '  met ' : ' MISSED'}  ${r.section}: ${r.name}` +
        `${r.note ? ` (${r.note})` : ''} — target ${r.target!.text}`,
    );
}
