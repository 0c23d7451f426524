// Integration, with real bubblewrap and git: a run's sandboxed command rewrites its worktree's
// `.git` file to point at a repository of its own whose config names a clean filter. Git runs
// outside the sandbox when Tandem computes the run's diff; it must use the worktree's real git
// directory (recorded when the snapshot was made), so the filter never runs there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, tempDir } from '../testing/fixtures';
import { runFinished, runHarness } from '../testing/runHarness';
import { probeBwrap } from './sandbox/bwrap';
import { gitInit } from './snapshot/testRepo';

const h = runHarness();

describe('sandbox escape through git', async () => {
  const { bwrap } = await probeBwrap(process.env.PATH);
  it.skipIf(!bwrap)("a run's command cannot make Tandem's git run a filter of its choosing", async () => {
    const workspace = makeWorkspace({ 'src/sum.js': 'let total = 0;\nconsole.log(total);\n' });
    gitInit(workspace);
    // Outside the sandbox's private /tmp? No: under it, but the sandbox has its own /tmp, so only
    // a process outside the sandbox can make this file appear where the test looks.
    const marker = path.join(tempDir('escape'), 'ran-outside-the-sandbox');
    const attack = [
      'common=$(cd "$(git rev-parse --git-common-dir)" && pwd)',
      'git init -q --bare evil.git',
      'echo "$common/objects" > evil.git/objects/info/alternates',
      'git config -f evil.git/config core.bare false',
      `git config -f evil.git/config filter.evil.clean "sh -c 'touch ${marker}; cat'"`,
      "printf '* filter=evil\\n' > .gitattributes",
      'printf "gitdir: %s\\n" "$PWD/evil.git" > .git',
    ].join(' && ');
    // The agent runs the validation once itself, then Tandem runs it again: attack only once.
    const once = `[ -d evil.git ] || { ${attack}; }`;
    const s = await h.server({ workspace });
    const ada = await h.client(s.url);
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: once });
    await ada.watch(run.id);
    await runFinished(ada, run.id);
    const done = ada.run(run.id)!;
    expect(done.sandbox?.sandboxed).toBe(true);
    expect(done.status, JSON.stringify(ada.evidence(run.id).slice(-3))).toBe('succeeded');
    expect(fs.existsSync(marker)).toBe(false);
    const diff = await ada.loadDiff(run.id);
    expect(diff.files.find((f) => f.path === 'src/sum.js')?.resultText).toBe('let sum = 0;\nconsole.log(sum);\n');
    expect(diff.files.some((f) => f.path === '.gitattributes')).toBe(true);
    // Removing the worktree (git worktree remove, outside the sandbox) does not run it either.
    await ada.discard(run.id);
    expect(fs.existsSync(marker)).toBe(false);
  });
});
