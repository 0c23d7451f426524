// The read-only tools and run_command, each through the toolbox as the agent loop calls them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../sandbox/commandRunner';
import { callTool } from './toolbox';
import type { ToolContext } from './types';

function workspace(): ToolContext {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-tools-')));
  const files: Record<string, string> = {
    'src/a.ts': 'export const total = 1;\nexport function add(total: number) {\n  return total + 1;\n}\n',
    'src/b.ts': 'import { total } from "./a";\n',
    'README.md': '# hello\n',
    'node_modules/x/index.js': 'total',
    '.git/HEAD': 'ref: refs/heads/main\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  fs.writeFileSync(path.join(root, 'bin.dat'), Buffer.from([0, 1, 2, 3]));
  const sandbox = { bwrap: null, hidden: [], toolBins: [], parentEnv: process.env };
  return {
    root,
    signal: new AbortController().signal,
    exec: (command) => runCommand(command, sandbox, { snapshot: root, scratch: path.join(root, '..', `${path.basename(root)}-scratch`), timeoutMs: 5000, outputCap: 1000 }),
  };
}

describe('tools', () => {
  const ctx = workspace();

  it('list_files lists source files, skipping .git and node_modules', async () => {
    const r = await callTool('list_files', '{"path":"."}', ctx);
    expect(r.output.split('\n')).toEqual(['bin.dat', 'README.md', 'src/a.ts', 'src/b.ts']);
    expect((await callTool('list_files', '{"path":"src"}', ctx)).output).toBe('src/a.ts\nsrc/b.ts');
    expect((await callTool('list_files', '{"path":"nope"}', ctx)).output).toBe('error: nope is not a folder of the workspace');
  });

  it('read_file returns the text, and refuses what it cannot read', async () => {
    expect((await callTool('read_file', '{"path":"README.md"}', ctx)).output).toBe('# hello\n');
    expect((await callTool('read_file', '{"path":"missing.ts"}', ctx)).output).toMatch(/^error: missing.ts does not exist/);
    expect((await callTool('read_file', '{"path":"bin.dat"}', ctx)).output).toBe('error: bin.dat is a binary file');
    expect((await callTool('read_file', '{"path":"../x"}', ctx)).output).toMatch(/^error: refused path/);
  });

  it('search finds literal matches with file and line', async () => {
    const r = await callTool('search', '{"query":"total"}', ctx);
    expect(r.output.split('\n')).toEqual([
      'src/a.ts:1: export const total = 1;',
      'src/a.ts:2: export function add(total: number) {',
      'src/a.ts:3:   return total + 1;',
      'src/b.ts:1: import { total } from "./a";',
    ]);
    expect((await callTool('search', '{"query":"zzz","path":"src"}', ctx)).output).toBe('no match for "zzz"');
  });

  it('bad calls become errors the model can act on', async () => {
    expect((await callTool('rm_rf', '{}', ctx)).output).toMatch(/^error: there is no tool named "rm_rf"/);
    expect((await callTool('read_file', '{path:', ctx)).output).toMatch(/^error: the arguments of read_file are not valid JSON/);
    expect((await callTool('read_file', '{"file":"a"}', ctx)).output).toMatch(/^error: invalid arguments for read_file at path/);
  });

  it('run_command answers with the exit code first, then the output', async () => {
    const ok = await callTool('run_command', '{"command":"echo hi; echo err >&2"}', ctx);
    expect(ok.ok).toBe(true);
    expect(ok.output).toMatch(/^exit code 0 \(\d+\.\d s\)\nhi\nerr$/);
    const bad = await callTool('run_command', '{"command":"exit 3"}', ctx);
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/^exit code 3/);
    expect(bad.command?.exitCode).toBe(3);
  });
});
