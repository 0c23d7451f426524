// Codex-style fixture scenarios: each folder under scenarios/ has input/ (the files before),
// patch (the model's apply_patch text) and either expected/ (the files after) or error (text
// the error must contain — and then the files must be unchanged). Run through the real tool.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatchTool } from '../tools/applyPatch';
import { callTool } from '../tools/toolbox';

const SCENARIOS = path.join(path.dirname(new URL(import.meta.url).pathname), 'scenarios');

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === '.keep') continue;
    const abs = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

const ctx = (root: string) => ({
  root,
  signal: new AbortController().signal,
  exec: () => Promise.reject(new Error('no commands here')),
});

describe('apply_patch scenarios', () => {
  for (const name of fs.readdirSync(SCENARIOS).sort()) {
    it(name, async () => {
      const dir = path.join(SCENARIOS, name);
      const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-patch-')));
      fs.cpSync(path.join(dir, 'input'), root, { recursive: true });
      fs.rmSync(path.join(root, '.keep'), { force: true });
      const before = readTree(root);
      const patch = fs.readFileSync(path.join(dir, 'patch'), 'utf8');
      const result = await callTool(applyPatchTool.name, JSON.stringify({ patch }), ctx(root));
      const errorFile = path.join(dir, 'error');
      if (fs.existsSync(errorFile)) {
        expect(result.ok).toBe(false);
        expect(result.output).toContain(fs.readFileSync(errorFile, 'utf8'));
        expect(result.output.startsWith('error: ')).toBe(true);
        expect(readTree(root)).toEqual(before);
      } else {
        expect(result.output).toMatch(/^Success\./);
        expect(result.ok).toBe(true);
        expect(readTree(root)).toEqual(readTree(path.join(dir, 'expected')));
      }
      fs.rmSync(root, { recursive: true, force: true });
    });
  }
});
