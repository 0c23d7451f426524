import { describe, expect, it } from 'vitest';
import { parseNextEditAnswer } from '../formats/nextEditAnswer';
import { formatNextEditChat, hunkOfEdit, parseNextEditChat, regionAround } from '../formats/nextEditPrompt';
import { simNextEdit } from './simNextEdit';

const CART = [
  'export function cartTotal(items: LineItem[]): number {',
  '  let sum = 0;',
  '  for (const item of items) {',
  '    total += lineTotal(item);',
  '  }',
  '  return total;',
  '}',
  '',
  'export function applyDiscount(total: number, percent: number): number {',
  '  return Math.round(total * (100 - percent)) / 100;',
  '}',
].join('\n');

/** The simulated answer to the prompt a browser's edit makes (through the real prompt text), applied. */
function nextAfter(text: string, edit: { offset: number; oldText: string; newText: string }, cursor: number) {
  const at = text.slice(0, cursor).split('\n');
  const hunk = hunkOfEdit(text, edit)!;
  const region = regionAround(text, at.length, at[at.length - 1]!.length + 1);
  const [, user] = formatNextEditChat({ path: 'src/cart.ts', language: 'typescript', edits: [hunk], region });
  const answer = simNextEdit(parseNextEditChat(user!.content as string)!);
  const parsed = parseNextEditAnswer(answer, text);
  if ('edit' in parsed) {
    const e = parsed.edit;
    return {
      answer,
      line: e.line,
      text: text.slice(0, e.offset) + e.newText + text.slice(e.offset + e.oldText.length),
    };
  }
  return { answer, line: null, text };
}

describe('the simulated next edit', () => {
  it('follows a rename to the next use of the old name in the same block, then wraps', () => {
    const offset = CART.indexOf('sum');
    const first = nextAfter(CART, { offset, oldText: 'total', newText: 'sum' }, offset + 3);
    expect(first.answer).toBe('@@ line 4\n-    total += lineTotal(item);\n+    sum += lineTotal(item);\n');
    expect(first.line).toBe(4);
    const at = first.text.indexOf('sum +=');
    const second = nextAfter(first.text, { offset: at, oldText: 'total', newText: 'sum' }, at + 3);
    expect(second.line).toBe(6);
    expect(second.text).toContain('  return sum;\n}');
    // Done in this function: the other function's own `total` is not touched.
    const end = second.text.indexOf('return sum') + 10;
    const third = nextAfter(second.text, { offset: end - 3, oldText: 'total', newText: 'sum' }, end);
    expect(third.answer).toBe('NONE');
  });

  it('wraps to uses above the cursor inside the block', () => {
    const text = CART.replace('return total', 'return sum').replace('let sum', 'let total');
    const offset = text.indexOf('return sum') + 7;
    const next = nextAfter(text, { offset, oldText: 'total', newText: 'sum' }, offset + 3);
    expect(next.line).toBe(2);
    expect(next.text).toContain('  let sum = 0;');
  });

  it('repeats a changed literal where the same call has it', () => {
    const text = 'retry(fetchA, 5);\nlog(3);\nretry(fetchB, 3);\n';
    const offset = text.indexOf('5');
    const next = nextAfter(text, { offset, oldText: '3', newText: '5' }, offset + 1);
    expect(next.answer).toBe('NONE');
    const call = 'retry(5, a);\nlog(3);\nretry(3, b);\n';
    const at = call.indexOf('5');
    expect(nextAfter(call, { offset: at, oldText: '3', newText: '5' }, at + 1).text).toBe(
      'retry(5, a);\nlog(3);\nretry(5, b);\n',
    );
  });

  it('proposes nothing for an edit that is no token change', () => {
    const text = 'const a = 1;\nconst b = 2;\n';
    expect(nextAfter(text, { offset: 12, oldText: '', newText: '\n' }, 13).answer).toBe('NONE');
    expect(nextAfter(text, { offset: 0, oldText: 'x', newText: 'const a = 1;' }, 12).answer).toBe('NONE');
  });
});
