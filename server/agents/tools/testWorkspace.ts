// Test helper: a small snapshot-like folder on disk and a tool context over it (commands run for
// real, without the sandbox).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from '../sandbox/commandRunner';
import { write } from '../snapshot/testRepo';
import type { ToolContext } from './types';

export const FILES: Record<string, string> = {
  'src/a.ts': 'export const total = 1;\nexport function add(total: number) {\n  return total + 1;\n}\n',
  'src/b.ts': 'import { total } from "./a";\n',
  'README.md': '# hello\n',
  'node_modules/x/index.js': 'total',
  '.git/HEAD': 'ref: refs/heads/main\n',
};

export function toolWorkspace(files: Record<string, string | Buffer> = FILES): ToolContext {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-tools-')));
  write(root, files);
  const sandbox = { bwrap: null, nice: 10, hidden: [], toolBins: [], parentEnv: process.env };
  return {
    root,
    signal: new AbortController().signal,
    exec: (command) =>
      runCommand(command, sandbox, { snapshot: root, scratch: `${root}-scratch`, timeoutMs: 5000, outputCap: 1000 }),
  };
}
