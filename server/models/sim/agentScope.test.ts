import { describe, expect, it } from 'vitest';
import { asksForWholeWorkspace, firstStep, searchHitPaths } from './agentScope';
import { parseInstruction } from './instructions';

describe("the simulated agent's scope", () => {
  it('knows when an instruction asks for the whole workspace, reading only the instruction itself', () => {
    for (const wide of [
      'rename formatCents to formatMoney across all files',
      'rename a to b everywhere',
      'rename a to b in every file',
      'rename a to b in all the files',
      'add types throughout the codebase',
      'convert to arrow functions in the whole project',
      'rename a to b and update all references',
    ])
      expect(asksForWholeWorkspace(wide), wide).toBe(true);
    for (const narrow of [
      'rename total to sum',
      'rename all to every in src/a.ts',
      'rename a to b\n\nContext: they said it is used across the app',
    ]) {
      expect(asksForWholeWorkspace(narrow), narrow).toBe(false);
    }
  });

  it('starts a rename over the workspace with a search, named files with reads, anything else with a listing', () => {
    const rename = parseInstruction('rename a to b');
    const docs = parseInstruction('add a doc comment');
    expect(firstStep(rename, ['src/a.ts'], true)).toEqual({ kind: 'search', query: 'a' });
    expect(firstStep(rename, [], false)).toEqual({ kind: 'search', query: 'a' });
    expect(firstStep(rename, ['src/a.ts'], false)).toEqual({ kind: 'read', paths: ['src/a.ts'] });
    expect(firstStep(docs, ['src/a.ts'], false)).toEqual({ kind: 'read', paths: ['src/a.ts'] });
    expect(firstStep(docs, ['src/a.ts'], true)).toEqual({ kind: 'list' });
    expect(firstStep(docs, [], false)).toEqual({ kind: 'list' });
  });

  it("reads the files out of the search tool's answer, in its order, once each", () => {
    const answer = [
      'src/b.ts:1: import { a } from "./a";',
      'src/b.ts:4: a(1);',
      'src/a.ts:2: export const a = 1;',
      'src/x:y.ts:3: a',
    ].join('\n');
    expect(searchHitPaths(answer)).toEqual({ paths: ['src/b.ts', 'src/a.ts', 'src/x:y.ts'], truncated: false });
    expect(searchHitPaths('no match for "a"')).toEqual({ paths: [], truncated: false });
    expect(searchHitPaths('error: src does not exist')).toEqual({ paths: [], truncated: false });
    expect(searchHitPaths('a.ts:1: a\n[stopped at 200 matches: narrow the query or the path]')).toEqual({
      paths: ['a.ts'],
      truncated: true,
    });
  });
});
