import { describe, expect, it } from 'vitest';
import { remainingAfterTyping } from '../../lib/protocol/complete';
import { capLines, MAX_COMPLETION_LINES } from './completionModel';
import {
  cursorContext,
  importLines,
  linePrefixAt,
  MAX_SNIPPETS,
  offsetOf,
  promptHeader,
  relatedSnippets,
  SNIPPET_LINES,
} from './context';
import { FimStreamParser } from './fimStream';

describe('offsetOf', () => {
  it('maps 1-based line and column to an offset, and refuses places the text does not have', () => {
    const text = 'ab\ncde\n';
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 4)).toBe(6);
    expect(offsetOf(text, 3, 1)).toBe(7);
    expect(offsetOf(text, 2, 5)).toBeNull();
    expect(offsetOf(text, 4, 1)).toBeNull();
  });
});

describe('cursorContext', () => {
  it('takes everything when it fits', () => {
    expect(cursorContext('a\nbc\nd', 3)).toEqual({ prefix: 'a\nb', suffix: 'c\nd', offset: 3 });
  });

  it('cuts at line starts and ends within the budget, keeping the cursor line whole', () => {
    const text = 'line1\nline2\nline3 cursor here\nline4\nline5\n';
    const offset = text.indexOf('cursor');
    const ctx = cursorContext(text, offset, { before: 9, after: 17 });
    expect(ctx.prefix).toBe('line3 ');
    expect(ctx.suffix).toBe('cursor here\nline4');
    const tight = cursorContext(text, offset, { before: 2, after: 2 });
    expect(tight).toMatchObject({ prefix: 'line3 ', suffix: 'cursor here' });
  });

  it('reads the cursor line before the cursor', () => {
    expect(linePrefixAt('ab\ncdef', 5)).toBe('cd');
    expect(linePrefixAt('ab', 0)).toBe('');
  });
});

describe('importLines', () => {
  it('finds import statements whole, in several languages, and nothing else', () => {
    const ts = [
      "import fs from 'node:fs';",
      'import {',
      '  a,',
      '  b,',
      "} from './ab';",
      "export * from './all';",
      "const x = require('x');",
      'const y = 1;',
      "  // import nothing from 'here' (a comment)",
    ].join('\n');
    expect(importLines(ts)).toEqual([
      "import fs from 'node:fs';",
      "import {\n  a,\n  b,\n} from './ab';",
      "export * from './all';",
      "const x = require('x');",
    ]);
    expect(importLines('import os\nfrom a.b import c\nprint(1)')).toEqual(['import os', 'from a.b import c']);
    expect(importLines('use std::io;\nfn main() {}')).toEqual(['use std::io;']);
  });
});

describe('relatedSnippets', () => {
  const other = Array.from({ length: 40 }, (_, i) =>
    i >= 20 && i < 25 ? `export function formatPrice(cents: number) { return cents / 100; } // ${i}` : `filler${i}();`,
  ).join('\n');
  it('takes the windows of other documents that share the most identifiers with the code at the cursor', () => {
    const snippets = relatedSnippets('const total = formatPrice(cents)', [{ path: 'src/price.ts', text: other }], 5000);
    expect(snippets.length).toBeGreaterThan(0);
    expect(snippets.length).toBeLessThanOrEqual(MAX_SNIPPETS);
    expect(snippets[0]!.path).toBe('src/price.ts');
    expect(snippets[0]!.text).toContain('formatPrice');
    expect(snippets[0]!.text.split('\n').length).toBeLessThanOrEqual(SNIPPET_LINES);
    const scores = snippets.map((s) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
  it('takes nothing unrelated, and nothing over the budget', () => {
    expect(relatedSnippets('const q = unrelatedName', [{ path: 'a.ts', text: other }], 5000)).toEqual([]);
    expect(relatedSnippets('formatPrice(cents)', [{ path: 'a.ts', text: other }], 20)).toEqual([]);
  });
});

describe('promptHeader', () => {
  const text = "import { cart } from './cart';\n\nconst t = formatP";
  const others = [{ path: 'src/price.ts', text: 'export function formatPrice(cents: number) {\n  return cents;\n}' }];
  it('says the path and language, the imports the prefix does not reach, and related snippets, as comments', () => {
    const header = promptHeader({
      path: 'src/a.ts',
      language: 'typescript',
      text,
      prefix: 'const t = formatP',
      others,
    });
    expect(header).toBe(
      [
        '// Path: src/a.ts (typescript)',
        '// Imports of this file:',
        "// import { cart } from './cart';",
        '// Compare this snippet from src/price.ts:',
        '// export function formatPrice(cents: number) {',
        '//   return cents;',
        '// }',
        '',
      ].join('\n'),
    );
    const whole = promptHeader({ path: 'a.py', language: 'python', text, prefix: text, others: [] });
    expect(whole).toBe('# Path: a.py (python)\n');
  });
  it('keeps within its budget: snippets go first, then imports', () => {
    const args = { path: 'src/a.ts', language: 'typescript', text, prefix: 'const t = formatP', others };
    const small = promptHeader({ ...args, budget: 120 });
    expect(small.length).toBeLessThanOrEqual(120);
    expect(small).toContain('Imports of this file');
    expect(small).not.toContain('Compare this snippet');
    expect(promptHeader({ ...args, budget: 40 })).toBe('// Path: src/a.ts (typescript)\n');
  });
});

describe('remainingAfterTyping', () => {
  const offered = { prefix: 'const t = compu', text: 'teTotal(x);' };
  it('keeps the rest while the person types what it says', () => {
    expect(remainingAfterTyping(offered, 'const t = compu')).toBe('teTotal(x);');
    expect(remainingAfterTyping(offered, 'const t = compute')).toBe('Total(x);');
  });
  it('drops it on a mismatch, a step back, or when all of it was typed', () => {
    expect(remainingAfterTyping(offered, 'const t = computx')).toBeNull();
    expect(remainingAfterTyping(offered, 'const t = comp')).toBeNull();
    expect(remainingAfterTyping(offered, 'const t = computeTotal(x);')).toBeNull();
  });
});

describe('capLines', () => {
  it(`keeps at most ${MAX_COMPLETION_LINES} lines`, () => {
    expect(capLines('a\nb')).toEqual({ text: 'a\nb', full: false });
    const many = Array.from({ length: 10 }, (_, i) => `l${i}`).join('\n');
    expect(capLines(many)).toEqual({ text: 'l0\nl1\nl2\nl3\nl4\nl5', full: true });
  });
});

describe('FimStreamParser', () => {
  const enc = new TextEncoder();
  const sse = (...chunks: unknown[]) => chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('');
  it('reads text, finish and usage at any byte split', () => {
    const bytes = enc.encode(
      sse(
        { choices: [{ index: 0, text: 'teT', finish_reason: null }] },
        { choices: [{ index: 0, text: 'otal', finish_reason: 'stop' }] },
        { choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } },
      ) + 'data: [DONE]\n\n',
    );
    for (const split of [1, 7, bytes.length]) {
      const p = new FimStreamParser();
      const events = [];
      for (let i = 0; i < bytes.length; i += split) events.push(...p.push(bytes.slice(i, i + split)));
      events.push(...p.end());
      const text = events.map((e) => (e.type === 'text' ? e.text : '')).join('');
      expect(text).toBe('teTotal');
      expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
      expect(events.find((e) => e.type === 'usage')).toMatchObject({ usage: { promptTokens: 5, totalTokens: 7 } });
    }
  });
  it('reports an error payload and a stream cut short', () => {
    const p = new FimStreamParser();
    expect(p.push(enc.encode(sse({ error: { message: 'overloaded', type: 'server_error' } })))).toMatchObject([
      { type: 'stream-error', message: 'overloaded' },
    ]);
    const q = new FimStreamParser();
    q.push(enc.encode(sse({ choices: [{ index: 0, text: 'a' }] })));
    expect(q.end()).toEqual([{ type: 'truncated' }]);
  });
});
