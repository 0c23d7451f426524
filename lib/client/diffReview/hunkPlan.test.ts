import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../diff/edits';
import type { RunDiffFile } from '../../protocol';
import { fileHunks, planHunkMerge } from './hunkPlan';

const base = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((l) => `${l}\n`).join('');
const result = base.replace('b\n', 'B\n').replace('e\n', 'E\n').replace('h\n', 'H\n');
const file: RunDiffFile = {
  path: 'x.txt',
  status: 'modified',
  binary: false,
  baseText: base,
  resultText: result,
  patch: '',
};

describe('diff review: hunk plan', () => {
  const [{ hunks, reviewable }] = fileHunks([file]);
  it('splits the diff into hunks with stable ids', () => {
    expect(reviewable).toBe(true);
    expect(hunks.map((h) => h.newText)).toEqual(['B\n', 'E\n', 'H\n']);
    expect(fileHunks([file])[0].hunks.map((h) => h.id)).toEqual(hunks.map((h) => h.id));
  });

  it('applies only the accepted hunks, keeping live edits elsewhere', () => {
    const live = base.replace('i\n', 'i (edited live)\n');
    const plan = planHunkMerge(file, live, [hunks[0].id, hunks[2].id]);
    expect(plan.applied).toEqual([hunks[0].id, hunks[2].id]);
    expect(plan.conflicted).toEqual([]);
    expect(applyEdits(live, plan.edits)).toBe(live.replace('b\n', 'B\n').replace('h\n', 'H\n'));
  });

  it('reports a hunk whose lines changed live as a conflict and leaves the live text there', () => {
    const live = base.replace('e\n', 'e changed by Bo\n');
    const plan = planHunkMerge(
      file,
      live,
      hunks.map((h) => h.id),
    );
    expect(plan.conflicted).toEqual([hunks[1].id]);
    expect(plan.conflicts[0]).toMatchObject({ oursText: 'e changed by Bo\n', theirsText: 'E\n' });
    expect(applyEdits(live, plan.edits)).toBe(live.replace('b\n', 'B\n').replace('h\n', 'H\n'));
  });

  it('reviews an added or deleted file as one hunk; a binary file not at all', () => {
    const files = fileHunks([
      { ...file, path: 'new.txt', status: 'added', baseText: '' },
      { ...file, path: 'gone.txt', status: 'deleted', resultText: '' },
      { ...file, path: 'bin', binary: true, baseText: '', resultText: '' },
    ]);
    expect(files.map((f) => f.reviewable)).toEqual([true, true, false]);
    expect(files[0].hunks).toHaveLength(1);
    expect(files[0].hunks[0].newText).toBe(result);
    expect(files[1].hunks).toHaveLength(1);
    expect(files[1].hunks[0]).toMatchObject({ oldText: base, newText: '' });
  });

  it('merges an added file into an empty one, and reports a conflict when someone made it first', () => {
    const added: RunDiffFile = { ...file, path: 'new.txt', status: 'added', baseText: '' };
    const [
      {
        hunks: [only],
      },
    ] = fileHunks([added]);
    const plan = planHunkMerge(added, '', [only.id]);
    expect(plan.applied).toEqual([only.id]);
    expect(applyEdits('', plan.edits)).toBe(result);
    const raced = planHunkMerge(added, 'made by Bo\n', [only.id]);
    expect(raced.conflicted).toEqual([only.id]);
    expect(raced.edits).toEqual([]);
  });
});
