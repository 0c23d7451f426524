import { describe, expect, it } from 'vitest';
import { simFill, simFills } from './completions';

describe('simFill', () => {
  it('repeats the rest of a line above that starts the same way', () => {
    const prefix = "console.log('start', total);\nconst x = 1;\nconsole.lo";
    expect(simFill(prefix, '')).toBe("g('start', total);");
  });

  it('finishes a known identifier with the arguments the file calls it with, then the statement', () => {
    const prefix = 'function computeTotal(items) {\n  return 1;\n}\nconst a = computeTotal(items);\nconst b = compu';
    // "const b = compu" does not start a line above, so the identifier is finished.
    expect(simFill(prefix, '\n')).toBe('teTotal(items);');
  });

  it('uses identifiers seen after the cursor too', () => {
    expect(simFill('let v = remai', '\nfunction remainingBudget() {}\n')).toBe('ningBudget');
  });

  it('closes the brackets the line opened, leaving out what the text after the cursor has', () => {
    expect(simFill('const a = 1;\nfoo(bar, [1, 2', '')).toBe(']);');
    expect(simFill('const a = 1;\nfoo(bar, [1, 2', '])\n')).toBe('');
    expect(simFill('x = 1\nfoo(bar', '')).toBe(')');
  });

  it('proposes nothing on an empty line or when nothing is known', () => {
    expect(simFill('const a = 1;\n  ', '')).toBe('');
    expect(simFill('zzz', '')).toBe('');
  });

  it('is deterministic', () => {
    const prefix = 'const alpha = 1;\nconst alphabet = 2;\nconst c = alp';
    expect(simFill(prefix, '')).toBe(simFill(prefix, ''));
  });
});

describe('simFill call arguments', () => {
  it("takes a call's arguments, not a definition's parameters", () => {
    const prefix = 'function total(items) {\n  return 0;\n}\nlog(total(prices));\nconst t = tot';
    expect(simFill(prefix, '')).toBe('al(prices);');
  });
});

describe('simFills (alternatives)', () => {
  it('gives distinct takes that fit, the best (simFill) first, at most n', () => {
    const prefix = 'function computeTotal(items) {\n  return 1;\n}\nconst a = computeTotal(items);\nconst b = compu';
    expect(simFills(prefix, '\n', 3)).toEqual(['teTotal(items);', 'teTotal(items)', 'teTotal']);
    expect(simFills(prefix, '\n', 1)).toEqual([simFill(prefix, '\n')]);
  });

  it('offers the other lines above and the other identifiers that start the same way', () => {
    const lines = "log('a', 1);\nlog('b', 2);\nlo";
    expect(simFills(lines, '', 3)).toEqual(["g('b', 2);", "g('a', 1);", "g('a', 1)"]);
    expect(simFills('let total = 1, totals = [total];\nconst t = tot', '', 2)).toEqual(['al;', 'als;']);
  });

  it('gives fewer when fewer fit, none on a blank line', () => {
    expect(simFills('const a = 1;\nfoo(bar, [1, 2', '', 3)).toEqual([']);']);
    expect(simFills('const a = 1;\n  ', '', 3)).toEqual([]);
  });
});
