// Which files the simulated strong model works on, decided from the task and from what its tools
// answered: the files the task names, or — when it asks for the whole workspace ("across all
// files", "everywhere") or names none — every file the search tool finds for a rename, or the
// files list_files lists. A rename that leaves an importer behind is not a rename.
import type { Instruction } from './instructions';

const PLACES = '(?:files?|modules?|uses?|usages?|occurrences?|references?|callers?|importers?)';
const WHOLE_WORKSPACE = new RegExp(
  [
    '\\b(?:across|throughout|everywhere)\\b',
    `\\b(?:all|every|each)\\s+(?:the\\s+|of\\s+the\\s+)?${PLACES}\\b`,
    '\\b(?:whole|entire)\\s+(?:project|workspace|codebase|code\\s+base|repo|repository)\\b',
  ].join('|'),
  'i',
);

/** The instruction itself: the task's first paragraph (later ones are scope, selection, context). */
export function instructionText(task: string): string {
  return task.trim().split(/\n\s*\n/)[0] ?? '';
}

export function asksForWholeWorkspace(task: string): boolean {
  return WHOLE_WORKSPACE.test(instructionText(task));
}

export type FirstStep = { kind: 'search'; query: string } | { kind: 'read'; paths: string[] } | { kind: 'list' };

/** How the work starts: find the name's users, read the named files, or list the workspace. */
export function firstStep(instruction: Instruction, named: string[], wholeWorkspace: boolean): FirstStep {
  const findUsers = wholeWorkspace || named.length === 0;
  if (instruction.kind === 'rename' && findUsers) return { kind: 'search', query: instruction.from };
  if (named.length > 0 && !wholeWorkspace) return { kind: 'read', paths: named };
  return { kind: 'list' };
}

export type SearchHits = { paths: string[]; truncated: boolean };

/** The files of a search answer (`path:line: text` lines, in the tool's order); none for an error. */
export function searchHitPaths(result: string): SearchHits {
  if (/^error\b/i.test(result)) return { paths: [], truncated: false };
  const paths = result.split('\n').flatMap((line) => {
    const m = /^(.+?):\d+: /.exec(line);
    return m ? [m[1]!] : [];
  });
  return { paths: [...new Set(paths)], truncated: /^\[stopped at \d+ matches/m.test(result) };
}
