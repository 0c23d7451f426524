// Why: the simulated model server is only the embedded default. The product speaks the model
// formats in server/models/formats/ and must keep working with the simulator's folder deleted, so
// product code may import from models/sim/ only at the few places that embed the simulator.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const SIM_DIR = path.join(ROOT, 'server/models/sim');
const SCANNED = ['server', 'lib', 'components', 'app'];

/** The embedding points: the only product files that may import the simulator. */
const ALLOWED = new Set([
  // Starts the embedded simulated model server when a lane has no real endpoint configured.
  'server/models/lanes.ts',
  // Read the embedded simulator's speed settings from the environment at start-up (a web node, a run worker).
  'server/main.ts',
  'server/agents/workerMain.ts',
]);

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || full === SIM_DIR ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The import specifiers of a file that resolve into the simulator's folder. */
function simImports(file: string, text: string): string[] {
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1]!)
    .filter((spec) => {
      const from = spec.startsWith('.') ? path.dirname(file) : ROOT;
      const target = path.resolve(from, spec.replace(/^@\//, ''));
      return target === SIM_DIR || target.startsWith(`${SIM_DIR}${path.sep}`);
    });
}

describe('the simulator boundary', () => {
  it('finds an import of the simulator, relative or from the root, static or dynamic', () => {
    const file = path.join(ROOT, 'server/agents/x.ts');
    expect(simImports(file, "import { a } from '../models/sim/agentTools';")).toEqual(['../models/sim/agentTools']);
    const reExportAndDynamic = [
      'export type { B } from "../models/sim";',
      "const c = await import('../models/sim/server');",
    ].join('\n');
    expect(simImports(file, reExportAndDynamic)).toEqual(['../models/sim', '../models/sim/server']);
    expect(simImports(file, "import '@/server/models/sim/settings';")).toEqual(['@/server/models/sim/settings']);
    const elsewhere = "import { a } from '../models/formats/agentTools';\nimport '../models/simulation';";
    expect(simImports(file, elsewhere)).toEqual([]);
  });

  it('no product file imports from models/sim/ outside the embedding points', () => {
    const offenders = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
      .map((file) => ({
        file: path.relative(ROOT, file).split(path.sep).join('/'),
        imports: simImports(file, fs.readFileSync(file, 'utf8')),
      }))
      .filter((f) => f.imports.length > 0 && !ALLOWED.has(f.file))
      .map((f) => `${f.file}: ${f.imports.join(', ')}`);
    expect(offenders).toEqual([]);
  });

  it('every embedding point still exists (a stale allow-list hides nothing)', () => {
    for (const file of ALLOWED) expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
  });
});
