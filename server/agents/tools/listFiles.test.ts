import { describe, expect, it } from 'vitest';
import { listFilesTool } from './listFiles';
import { toolWorkspace } from './testWorkspace';
import { callTool } from './toolbox';

describe('list_files', () => {
  const ctx = toolWorkspace({
    'src/a.ts': 'a',
    'src/b.ts': 'b',
    'README.md': 'r',
    'node_modules/x/i.js': 'x',
    '.git/HEAD': 'h',
    'bin.dat': Buffer.from([0, 1]),
  });
  it('lists files in name order, skipping .git and node_modules', async () => {
    expect((await callTool(listFilesTool.name, '{"path":"."}', ctx)).output.split('\n')).toEqual([
      'bin.dat',
      'README.md',
      'src/a.ts',
      'src/b.ts',
    ]);
    expect((await callTool(listFilesTool.name, '{}', ctx)).output.split('\n')).toHaveLength(4);
    expect((await callTool(listFilesTool.name, '{"path":"src"}', ctx)).output).toBe('src/a.ts\nsrc/b.ts');
  });

  it('refuses what is not a folder of the snapshot', async () => {
    expect((await callTool(listFilesTool.name, '{"path":"nope"}', ctx)).output).toBe(
      'error: nope is not a folder of the workspace',
    );
    expect((await callTool(listFilesTool.name, '{"path":"../.."}', ctx)).output).toMatch(/^error: refused path/);
  });
});
