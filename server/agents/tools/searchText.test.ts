import { describe, expect, it } from 'vitest';
import { searchTool } from './searchText';
import { toolWorkspace } from './testWorkspace';
import { callTool } from './toolbox';

describe('search', () => {
  const ctx = toolWorkspace();
  it('finds literal matches as path:line: text, not in node_modules or .git', async () => {
    expect((await callTool(searchTool.name, '{"query":"total"}', ctx)).output.split('\n')).toEqual([
      'src/a.ts:1: export const total = 1;',
      'src/a.ts:2: export function add(total: number) {',
      'src/a.ts:3:   return total + 1;',
      'src/b.ts:1: import { total } from "./a";',
    ]);
    expect((await callTool(searchTool.name, '{"query":"import","path":"src/b.ts"}', ctx)).output).toBe(
      'src/b.ts:1: import { total } from "./a";',
    );
  });

  it('says when nothing matches, and refuses an empty query', async () => {
    expect((await callTool(searchTool.name, '{"query":"zzz","path":"src"}', ctx)).output).toBe('no match for "zzz"');
    expect((await callTool(searchTool.name, '{"query":""}', ctx)).output).toBe('error: the query is empty');
  });
});
