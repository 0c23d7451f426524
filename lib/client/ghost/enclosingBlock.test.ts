import { describe, expect, it } from 'vitest';
import { enclosingBlock, selectionLines } from './enclosingBlock';

const code = [
  "import { x } from './x';", // 1
  '', // 2
  'export function total(items: number[]) {', // 3
  '  let total = 0;', // 4
  '  for (const item of items) {', // 5
  '    total += item;', // 6
  '  }', // 7
  '  return total;', // 8
  '}', // 9
  '', // 10
  'const y = 1;', // 11
];

describe('enclosingBlock', () => {
  it('takes the innermost block around the caret', () => {
    expect(enclosingBlock(code, 6)).toEqual({ startLine: 5, endLine: 7 });
    expect(enclosingBlock(code, 4)).toEqual({ startLine: 3, endLine: 9 });
    expect(enclosingBlock(code, 8)).toEqual({ startLine: 3, endLine: 9 });
  });
  it('takes the block a header line opens', () => {
    expect(enclosingBlock(code, 3)).toEqual({ startLine: 3, endLine: 9 });
  });
  it('falls back to the caret line outside any block', () => {
    expect(enclosingBlock(code, 11)).toEqual({ startLine: 11, endLine: 11 });
    expect(enclosingBlock(code, 1)).toEqual({ startLine: 1, endLine: 1 });
  });
  it('handles python-style blocks', () => {
    expect(enclosingBlock(['def f(x):', '    y = x', '    return y', 'z = 1'], 2)).toEqual({
      startLine: 1,
      endLine: 3,
    });
  });
});

describe('selectionLines', () => {
  it('drops a last line the selection only touches at column 1', () => {
    expect(selectionLines({ startLineNumber: 2, endLineNumber: 5, endColumn: 1 })).toEqual({
      startLine: 2,
      endLine: 4,
    });
    expect(selectionLines({ startLineNumber: 2, endLineNumber: 5, endColumn: 3 })).toEqual({
      startLine: 2,
      endLine: 5,
    });
  });
});
