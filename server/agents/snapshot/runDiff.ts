// Why: what a run produced is its snapshot minus its base. The changed files come from git (tree
// against tree, so nothing is missed: new, deleted, mode changes); the patch text is built with
// lib/diff's unified diff — the same line diff review uses for its hunks — with git's headers for
// new and deleted files, so `git apply` takes it as it is.
import { diffHunks } from '../../../lib/diff/hunks';
import { toUnifiedDiff } from '../../../lib/diff/unifiedDiff';
import type { RunDiffFile } from '../../../lib/protocol/runs';
import { decodeText } from '../../workspace/textFile';
import { git, nulSplit } from './git';
import { snapshotGit, type Snapshot } from './snapshot';

export type RunDiff = { files: RunDiffFile[]; patch: string };

const ZERO = /^0+$/;

export async function computeRunDiff(s: Snapshot): Promise<RunDiff> {
  const g = snapshotGit(s, 'result');
  // A fresh index from the base tree carries no stat data, so `add` hashes every file: a copy of
  // the base index would let git trust same-size files changed within the same second (racy git).
  await git(['read-tree', s.baseTree], g);
  await git(['add', '-A'], g);
  const resultTree = (await git(['write-tree'], g)).trim();
  const raw = nulSplit(await git(['diff-tree', '-r', '-z', '--no-renames', '--raw', s.baseTree, resultTree], g));
  const files: RunDiffFile[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const [oldMode, newMode, oldSha, newSha] = raw[i].slice(1).split(' ');
    const path = raw[i + 1];
    const status = ZERO.test(oldSha) ? 'added' : ZERO.test(newSha) ? 'deleted' : 'modified';
    const blob = async (sha: string) =>
      ZERO.test(sha) ? Buffer.alloc(0) : await git(['cat-file', 'blob', sha], { ...g, binary: true });
    const [before, after] = await Promise.all([blob(oldSha), blob(newSha)]);
    const textual = !isLink(oldMode) && !isLink(newMode);
    const base = textual ? decodeText(before) : null;
    const result = textual ? decodeText(after) : null;
    if (!base || !result) {
      files.push({ path, status, binary: true, baseText: '', resultText: '', patch: '' });
      continue;
    }
    // The patch keeps the bytes' own line endings (a CRLF file stays CRLF); diff review sees LF text.
    const patch = filePatch(path, status, oldMode, newMode, before.toString('utf8'), after.toString('utf8'));
    files.push({ path, status, binary: false, baseText: base.text, resultText: result.text, patch });
  }
  return { files, patch: files.map((f) => f.patch).join('') };
}

/** Files and lines added and removed, counted from the texts (a patch line "+++x" is an added "++x"). */
export function diffStat(files: readonly RunDiffFile[]): { files: number; added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const f of files) {
    if (f.binary) continue;
    for (const h of diffHunks(f.baseText, f.resultText)) {
      added += h.newCount;
      removed += h.oldCount;
    }
  }
  return { files: files.length, added, removed };
}

function isLink(mode: string): boolean {
  return mode === '120000';
}

/** One file's git patch: git's header lines for new, deleted and mode-changed files, then the hunks. */
function filePatch(
  path: string,
  status: RunDiffFile['status'],
  oldMode: string,
  newMode: string,
  base: string,
  result: string,
): string {
  const body = toUnifiedDiff(path, base, result);
  const hunks = body.slice(body.indexOf('@@'));
  const head = `diff --git a/${path} b/${path}\n`;
  if (status === 'added')
    return `${head}new file mode ${newMode}\n${body ? `--- /dev/null\n+++ b/${path}\n${hunks}` : ''}`;
  if (status === 'deleted')
    return `${head}deleted file mode ${oldMode}\n${body ? `--- a/${path}\n+++ /dev/null\n${hunks}` : ''}`;
  const modes = oldMode !== newMode ? `old mode ${oldMode}\nnew mode ${newMode}\n` : '';
  if (!body) return modes ? head + modes : '';
  return `${head}${modes}--- a/${path}\n+++ b/${path}\n${hunks}`;
}
