import { describe, expect, it } from 'vitest';
import { partialRewrite } from './partialRewrite';

const ORIGINAL = [
  'function total(items) {',
  '  let total = 0;',
  '  for (const i of items) total += i;',
  '  return total;',
  '}',
].join('\n');

describe('partialRewrite', () => {
  it('drops a half-written line and keeps the original from there', () => {
    const out = 'function sum(items) {\n  let sum = 0';
    expect(partialRewrite(ORIGINAL, out, 30)).toBe(
      [
        'function sum(items) {',
        '  let total = 0;',
        '  for (const i of items) total += i;',
        '  return total;',
        '}',
      ].join('\n'),
    );
  });

  it('does not keep a rewritten line twice when the stream estimate lags', () => {
    const out = 'function sum(items) {\n  let sum = 0;\n';
    expect(partialRewrite(ORIGINAL, out, 10)).toBe(
      ['function sum(items) {', '  let sum = 0;', '  for (const i of items) total += i;', '  return total;', '}'].join(
        '\n',
      ),
    );
  });

  it('does not lose a line the model had not reached when it inserted new ones', () => {
    const out = '/**\n * Sums the items.\n */\n';
    expect(partialRewrite(ORIGINAL, out, 0)).toBe(
      ['/**', ' * Sums the items.', ' */', ...ORIGINAL.split('\n')].join('\n'),
    );
  });

  it('applies nothing before the first complete line', () => {
    expect(partialRewrite(ORIGINAL, 'function su', 0)).toBe(ORIGINAL);
  });
});
