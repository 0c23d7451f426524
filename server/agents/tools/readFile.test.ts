import { describe, expect, it } from 'vitest';
import { readFileTool } from './readFile';
import { toolWorkspace } from './testWorkspace';
import { callTool } from './toolbox';

describe('read_file', () => {
  const ctx = toolWorkspace({ 'README.md': '# hello\n', 'win.txt': 'a\r\nb\r\n', 'bin.dat': Buffer.from([0, 1, 2]) });
  const read = (path: string) => callTool(readFileTool.name, JSON.stringify({ path }), ctx);
  it('returns the text, with LF line endings', async () => {
    expect(await read('README.md')).toEqual({ ok: true, output: '# hello\n' });
    expect((await read('win.txt')).output).toBe('a\nb\n');
  });

  it('refuses what it cannot read, saying why', async () => {
    expect((await read('missing.ts')).output).toBe('error: missing.ts does not exist (list_files shows what does)');
    expect((await read('bin.dat')).output).toBe('error: bin.dat is a binary file');
    expect((await read('/etc/passwd')).output).toMatch(/^error: refused path "\/etc\/passwd"/);
  });
});
