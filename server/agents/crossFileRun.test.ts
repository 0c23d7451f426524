// Integration: a run whose instruction spans files ("rename X to Y across all files") changes every
// file that uses the name — found with the real search tool, patched with the real apply_patch,
// validated with the sample's own tests — and its closing message names exactly what changed.
// Real socket, real simulated strong model over HTTP, real git worktree, real commands.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { runFinished, runHarness } from '../testing/runHarness';
import { walkFiles } from '../workspace/walkFiles';
import { gitInit } from './snapshot/testRepo';

const h = runHarness();
/** Two runs of the sample's tests (the agent's and the validation) on a loaded machine: generous. */
const RUN_MS = 120_000;

function sampleWorkspace(): string {
  const dir = path.join(tempDir('cross-file'), 'sample');
  fs.cpSync(path.resolve('server/workspace/sample'), dir, { recursive: true });
  gitInit(dir);
  return dir;
}

/** Workspace-relative paths of the files whose text matches `pattern`. */
function filesMatching(root: string, pattern: RegExp): string[] {
  return walkFiles(root, root, 1000)
    .files.filter((f) => pattern.test(fs.readFileSync(f, 'utf8')))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort();
}

describe('a run across files', () => {
  it(
    'renames a name in every file that uses it, validates, and says which files it changed',
    async () => {
      const workspace = sampleWorkspace();
      const users = filesMatching(workspace, /\bformatPrice\b/);
      expect(users.length).toBeGreaterThanOrEqual(2);
      expect(users).toContain('src/format.ts');

      const s = await h.server({ workspace });
      const client = await h.client(s.url);
      const instruction = 'rename formatPrice to formatMoney across all files';
      const run = await client.start({ instruction, path: 'src/format.ts' });
      await client.watch(run.id);
      await runFinished(client, run.id, RUN_MS);
      const done = client.run(run.id)!;
      expect(done.status, done.reason ?? '').toBe('succeeded');
      expect(done.reason).toBe('validated: `npm test` passed');

      const diff = await client.loadDiff(run.id);
      expect(diff.files.map((f) => f.path).sort()).toEqual(users);
      for (const f of diff.files) {
        expect(f.resultText, f.path).not.toMatch(/\bformatPrice\b/);
        expect(f.resultText, f.path).toBe(f.baseText!.replace(/\bformatPrice\b/g, 'formatMoney'));
      }

      const tools = client.evidence(run.id).flatMap((e) => (e.kind === 'tool' && e.phase === 'completed' ? [e] : []));
      const search = tools.find((e) => e.tool === 'search');
      expect(search?.input).toBe(JSON.stringify({ query: 'formatPrice' }));
      for (const file of users) expect(search?.output).toContain(`${file}:`);
      expect(tools.filter((e) => e.tool === 'apply_patch').map((e) => e.ok)).toEqual([true]);

      expect(done.summary).toContain(`in ${users.join(', ')}`);
      expect(done.summary).toContain('Ran `npm test`: exit code 0.');
    },
    RUN_MS + 10_000,
  );
});
