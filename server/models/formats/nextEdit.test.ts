import { describe, expect, it } from 'vitest';
import { parseNextEditAnswer, positionOf } from './nextEditAnswer';
import { formatHunk, parseHunks } from './nextEditHunk';
import { formatNextEditChat, hunkOfEdit, parseNextEditChat, REGION_CHARS, regionAround } from './nextEditPrompt';

const TEXT = 'function f(items) {\n  let total = 0;\n  for (const x of items) total += x;\n  return total;\n}\n';

describe('next-edit hunks', () => {
  it('round-trip, blank lines kept inside and dropped at the end', () => {
    const hunk = { line: 3, oldLines: ['a', '', 'b'], newLines: ['a', '', 'c'] };
    expect(parseHunks(`${formatHunk(hunk)}\n\n`)).toEqual({
      hunks: [{ line: 3, oldLines: ['a', '', 'b'], newLines: ['a', '', 'c'] }],
    });
    expect(parseHunks('@@ line 2\n x\n-y\n+z\n\n@@ line 9\n-q')).toEqual({
      hunks: [
        { line: 2, oldLines: ['x', 'y'], newLines: ['x', 'z'] },
        { line: 9, oldLines: ['q'], newLines: [] },
      ],
    });
  });

  it('say which line is not a hunk line', () => {
    expect(parseHunks('Sure! Here it is:\n@@ line 2\n-a')).toEqual({
      error: 'line 1: expected "@@ line N", got "Sure! Here it is:"',
    });
    expect(parseHunks('@@ line 2\n-a\n*b')).toEqual({
      error: 'line 3: a hunk line starts with "-", "+" or " ", got "*b"',
    });
    expect(parseHunks('@@ line 0\n-a')).toEqual({ error: 'line 1: a hunk starts at line 1 or later' });
  });
});

describe('the next-edit prompt', () => {
  it('shows an edit as the whole lines it touched, before and after', () => {
    const offset = TEXT.indexOf('total');
    expect(hunkOfEdit(TEXT, { offset, oldText: 'sum', newText: 'total' })).toEqual({
      line: 2,
      oldLines: ['  let sum = 0;'],
      newLines: ['  let total = 0;'],
    });
    const joined = { offset: TEXT.indexOf('0;'), oldText: '0;\n  let n = 1;', newText: '0;' };
    expect(hunkOfEdit(TEXT, joined)).toEqual({
      line: 2,
      oldLines: ['  let total = 0;', '  let n = 1;'],
      newLines: ['  let total = 0;'],
    });
    expect(hunkOfEdit(TEXT, { offset, oldText: 'sum', newText: 'other' })).toBeNull();
    expect(hunkOfEdit(TEXT, { offset: TEXT.length, oldText: '', newText: 'x' })).toBeNull();
  });

  it('round-trips its context, even code that looks like its tags', () => {
    const context = {
      path: 'src/a (copy).ts',
      language: 'typescript',
      edits: [{ line: 2, oldLines: ['  let sum = 0;'], newLines: ['  let total = 0;'] }],
      region: { firstLine: 1, text: `${TEXT}</edits>\n<code>\n`, cursorLine: 2, cursorColumn: 12 },
    };
    const messages = formatNextEditChat(context);
    expect(messages[0]!.role).toBe('system');
    expect(parseNextEditChat(messages[1]!.content as string)).toEqual(context);
    expect(parseNextEditChat('Fill in the code at the cursor.')).toBeNull();
  });

  it('takes whole lines around the cursor, within the character budget', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`);
    const region = regionAround(lines.join('\n'), 100, 3);
    expect(region.firstLine).toBe(40);
    expect(region.text.split('\n')).toEqual(lines.slice(39, 220));
    const long = Array.from({ length: 400 }, () => 'x'.repeat(200)).join('\n');
    const cut = regionAround(long, 200, 1);
    expect(cut.text.length).toBeLessThanOrEqual(REGION_CHARS);
    expect(cut.firstLine).toBeLessThanOrEqual(200);
    expect(cut.firstLine + cut.text.split('\n').length - 1).toBeGreaterThan(200);
  });
});

describe('a next-edit answer as a range edit', () => {
  it('is the smallest whole-word range that differs', () => {
    const answer = parseNextEditAnswer(
      '@@ line 3\n-  for (const x of items) total += x;\n+  for (const x of items) sum += x;\n',
      TEXT,
    );
    const offset = TEXT.indexOf('total +=');
    expect(answer).toEqual({ edit: { offset, oldText: 'total', newText: 'sum', line: 3, column: 26 } });
    expect(positionOf(TEXT, offset)).toEqual({ line: 3, column: 26 });
    const longer = parseNextEditAnswer('@@ line 4\n-  return total;\n+  return totals;', TEXT);
    expect(longer).toMatchObject({ edit: { oldText: 'total', newText: 'totals', line: 4, column: 10 } });
  });

  it('takes a fenced answer, and finds a miscounted line nearby', () => {
    const answer = parseNextEditAnswer('```diff\n@@ line 7\n-  return total;\n+  return sum;\n```', TEXT);
    expect(answer).toMatchObject({ edit: { oldText: 'total', newText: 'sum', line: 4 } });
  });

  it('says NONE is no edit', () => {
    expect(parseNextEditAnswer('NONE', TEXT)).toEqual({ none: true });
    expect(parseNextEditAnswer('  none.\n', TEXT)).toEqual({ none: true });
    expect(parseNextEditAnswer('', TEXT)).toEqual({ none: true });
  });

  it('refuses answers that do not apply cleanly', () => {
    expect(parseNextEditAnswer('@@ line 4\n-  return totl;\n+  return sum;', TEXT)).toEqual({
      error: "the hunk's lines are not in the document at line 4",
    });
    expect(parseNextEditAnswer('@@ line 40\n-  return total;\n+  return sum;', TEXT)).toEqual({
      error: "the hunk's lines are not in the document at line 40",
    });
    expect(parseNextEditAnswer('@@ line 4\n-  return total;\n+  return total;', TEXT)).toEqual({
      error: 'the hunk changes nothing',
    });
    expect(parseNextEditAnswer('@@ line 4\n+  return sum;', TEXT)).toEqual({
      error: 'the hunk has no "-" or context line to place it',
    });
    expect(parseNextEditAnswer('@@ line 4\n-  return total;\n+a\n@@ line 2\n-x\n+y', TEXT)).toEqual({
      error: 'the answer has 2 hunks, not one',
    });
    expect(parseNextEditAnswer('I would rename it.', TEXT)).toMatchObject({ error: /^the answer is not a hunk/ });
  });
});
