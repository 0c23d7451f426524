// Why: review applies agent diffs to documents people kept editing; these fixtures pin down what
// combines, what counts once, and what becomes a conflict (never silently dropped).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffHunks } from './hunks';
import { merge3, mergeAcceptedHunks } from './merge3';

const base = 'one\ntwo\nthree\nfour\nfive\n';

describe('merge3', () => {
  it('combines edits of different lines', () => {
    const result = merge3(base, 'ONE\ntwo\nthree\nfour\nfive\n', 'one\ntwo\nthree\nfour\nFIVE\n');
    expect(result).toEqual({ text: 'ONE\ntwo\nthree\nfour\nFIVE\n', conflicts: [], clean: true });
  });

  it('combines edits of adjacent lines', () => {
    const result = merge3(base, 'one\nTWO\nthree\nfour\nfive\n', 'one\ntwo\nTHREE\nfour\nfive\n');
    expect(result.text).toBe('one\nTWO\nTHREE\nfour\nfive\n');
    expect(result.clean).toBe(true);
  });

  it('takes the same change on the same line once', () => {
    const same = 'one\ntwo\n3\nfour\nfive\n';
    expect(merge3(base, same, same)).toEqual({ text: same, conflicts: [], clean: true });
  });

  it('reports different changes of the same line, keeping ours', () => {
    const result = merge3(base, 'one\ntwo\nours\nfour\nfive\n', 'one\ntwo\ntheirs\nfour\nfive\n');
    expect(result.text).toBe('one\ntwo\nours\nfour\nfive\n');
    expect(result.clean).toBe(false);
    expect(result.conflicts).toEqual([
      {
        id: expect.stringMatching(/^c/),
        baseRange: { start: 2, end: 3 },
        resultRange: { start: 2, end: 3 },
        baseText: 'three\n',
        oursText: 'ours\n',
        theirsText: 'theirs\n',
      },
    ]);
  });

  it('reports different insertions at the same place, and takes identical ones once', () => {
    const conflict = merge3(base, 'one\nA\ntwo\nthree\nfour\nfive\n', 'one\nB\ntwo\nthree\nfour\nfive\n');
    expect(conflict.text).toBe('one\nA\ntwo\nthree\nfour\nfive\n');
    expect(conflict.conflicts).toMatchObject([
      {
        baseRange: { start: 1, end: 1 },
        resultRange: { start: 1, end: 2 },
        baseText: '',
        oursText: 'A\n',
        theirsText: 'B\n',
      },
    ]);
    const same = 'one\nA\ntwo\nthree\nfour\nfive\n';
    expect(merge3(base, same, same)).toEqual({ text: same, conflicts: [], clean: true });
  });

  it('combines an insertion next to an edit of the neighbouring line', () => {
    const result = merge3(base, 'one\nA\ntwo\nthree\nfour\nfive\n', 'one\nTWO\nthree\nfour\nfive\n');
    expect(result).toEqual({ text: 'one\nA\nTWO\nthree\nfour\nfive\n', conflicts: [], clean: true });
  });

  it('reports a deletion against an edit of the deleted lines', () => {
    const result = merge3(base, 'one\nfour\nfive\n', 'one\ntwo\nTHREE\nfour\nfive\n');
    expect(result.text).toBe('one\nfour\nfive\n');
    expect(result.conflicts).toMatchObject([
      { baseRange: { start: 1, end: 3 }, resultRange: { start: 1, end: 1 }, oursText: '', theirsText: 'two\nTHREE\n' },
    ]);
  });

  it('reports an insertion inside a range the other side deleted', () => {
    const result = merge3(base, 'one\nfive\n', 'one\ntwo\nthree\nNEW\nfour\nfive\n');
    expect(result.clean).toBe(false);
    expect(result.conflicts[0]).toMatchObject({
      baseRange: { start: 1, end: 4 },
      oursText: '',
      theirsText: 'two\nthree\nNEW\nfour\n',
    });
  });

  it('handles empty files', () => {
    expect(merge3('', '', '')).toEqual({ text: '', conflicts: [], clean: true });
    expect(merge3('', 'a\n', '')).toEqual({ text: 'a\n', conflicts: [], clean: true });
    expect(merge3('', 'a\n', 'a\n')).toEqual({ text: 'a\n', conflicts: [], clean: true });
    expect(merge3('', 'a\n', 'b\n').conflicts).toMatchObject([{ baseText: '', oursText: 'a\n', theirsText: 'b\n' }]);
    expect(merge3('a\n', '', 'a\n')).toEqual({ text: '', conflicts: [], clean: true });
  });

  it('handles a missing trailing newline', () => {
    expect(merge3('a\nb', 'A\nb', 'a\nB').text).toBe('A\nB');
    expect(merge3('a\nb', 'a\nb\n', 'a\nb\n')).toEqual({ text: 'a\nb\n', conflicts: [], clean: true });
    expect(merge3('a\nb', 'a\nb\n', 'a\nB').clean).toBe(false);
    expect(merge3('a\nb', 'X\na\nb', 'a\nb\nc')).toEqual({ text: 'X\na\nb\nc', conflicts: [], clean: true });
  });

  it('never glues a line onto a last line without a newline', () => {
    const result = merge3('a\nb\n', 'a\nB', 'a\nb\nz\n');
    expect(result.clean).toBe(false);
    expect(result.text).toBe('a\nB');
    expect(result.conflicts[0]).toMatchObject({ oursText: 'B', theirsText: 'b\nz\n' });
  });

  it('gives content ids that do not depend on where the conflict is', () => {
    const first = merge3(base, 'one\ntwo\nours\nfour\nfive\n', 'one\ntwo\ntheirs\nfour\nfive\n');
    const shifted = merge3(
      `zero\n${base}`,
      'zero\none\ntwo\nours\nfour\nfive\n',
      'zero\none\ntwo\ntheirs\nfour\nfive\n',
    );
    expect(shifted.conflicts[0].id).toBe(first.conflicts[0].id);
  });

  it('combines edits of lines apart from each other, whatever the edits', () => {
    const edit = fc.constantFrom<(line: string) => string[]>(
      (line) => [`${line.trim()}!\n`],
      () => [],
      (line) => ['new\n', line],
      (line) => [line, 'more\n', 'lines\n'],
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.nat(),
        fc.nat(),
        edit,
        edit,
        (size, a, b, oursEdit, theirsEdit) => {
          const lines = Array.from({ length: size }, (_, k) => `line ${k}\n`);
          const first = a % (size - 2);
          const second = first + 2 + (b % (size - first - 2));
          const apply = (at: number, change: (line: string) => string[]) =>
            [...lines.slice(0, at), ...change(lines[at]), ...lines.slice(at + 1)].join('');
          const both = [
            ...lines.slice(0, first),
            ...oursEdit(lines[first]),
            ...lines.slice(first + 1, second),
            ...theirsEdit(lines[second]),
            ...lines.slice(second + 1),
          ].join('');
          const result = merge3(lines.join(''), apply(first, oursEdit), apply(second, theirsEdit));
          expect(result).toEqual({ text: both, conflicts: [], clean: true });
        },
      ),
    );
  });

  it('is the identity when one side did not change', () => {
    const text = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd'), { maxLength: 12 }).map((lines) => lines.join(''));
    fc.assert(
      fc.property(text, text, (b, changed) => {
        expect(merge3(b, changed, b)).toEqual({ text: changed, conflicts: [], clean: true });
        expect(merge3(b, b, changed)).toEqual({ text: changed, conflicts: [], clean: true });
        expect(merge3(b, changed, changed)).toEqual({ text: changed, conflicts: [], clean: true });
      }),
    );
  });
});

describe('mergeAcceptedHunks', () => {
  const theirs = 'ONE\ntwo\nthree\nfour\nFIVE\n';
  const [first, last] = diffHunks(base, theirs);

  it('merges only the accepted hunks into a document edited since', () => {
    const ours = 'one\ntwo\nthree (edited)\nfour\nfive\n';
    const result = mergeAcceptedHunks(base, ours, theirs, [last.id]);
    expect(result.text).toBe('one\ntwo\nthree (edited)\nfour\nFIVE\n');
    expect(result.applied).toEqual([last.id]);
    expect(result.conflicted).toEqual([]);
    expect(result.clean).toBe(true);
  });

  it('reports an accepted hunk that overlaps our edit as conflicted, keeping ours', () => {
    const ours = 'uno\ntwo\nthree\nfour\nfive\n';
    const result = mergeAcceptedHunks(base, ours, theirs, [first.id, last.id]);
    expect(result.text).toBe('uno\ntwo\nthree\nfour\nFIVE\n');
    expect(result.applied).toEqual([last.id]);
    expect(result.conflicted).toEqual([first.id]);
    expect(result.conflicts).toMatchObject([{ baseText: 'one\n', oursText: 'uno\n', theirsText: 'ONE\n' }]);
  });

  it('counts a hunk ours already has as applied', () => {
    const result = mergeAcceptedHunks(base, 'ONE\ntwo\nthree\nfour\nfive\n', theirs, [first.id]);
    expect(result).toMatchObject({
      text: 'ONE\ntwo\nthree\nfour\nfive\n',
      applied: [first.id],
      conflicted: [],
      clean: true,
    });
  });

  it('applies nothing when nothing is accepted', () => {
    const ours = 'one\ntwo\nthree\nfour\nfive\nsix\n';
    expect(mergeAcceptedHunks(base, ours, theirs, [])).toMatchObject({
      text: ours,
      applied: [],
      conflicted: [],
      clean: true,
    });
  });
});
