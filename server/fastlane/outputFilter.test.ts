import { describe, expect, it } from 'vitest';
import { OutputFilter } from './outputFilter';

function run(raw: string, chunk: number, endsWithNewline = false): string {
  const f = new OutputFilter();
  let out = '';
  for (let i = 0; i < raw.length; i += chunk) out += f.push(raw.slice(i, i + chunk));
  return out + f.finish(endsWithNewline);
}

const CODE = 'function add(a, b) {\n  return a + b;\n}';

describe('OutputFilter', () => {
  const cases: [string, string][] = [
    ['plain code', CODE],
    ['fenced', '```ts\n' + CODE + '\n```\n'],
    [
      'fenced with chatter before and after',
      "Here's the rewritten code:\n```typescript\n" + CODE + '\n```\nI renamed nothing.',
    ],
    ['trailing newlines', CODE + '\n\n'],
    ['chatter without fence', 'Sure, here it is:\n' + CODE],
  ];
  for (const [name, raw] of cases) {
    it(`${name}: any chunking gives the bare code`, () => {
      for (const chunk of [1, 2, 3, 5, 8, 1000]) expect(run(raw, chunk), `chunk ${chunk}`).toBe(CODE);
    });
  }

  it('keeps a trailing newline when the original range had one', () => {
    expect(run(CODE + '\n', 3, true)).toBe(CODE + '\n');
  });

  it('keeps backticks that are code (template literals, markdown inside an unfenced answer)', () => {
    const code = 'const s = `a`;\nconst t = ``;\n';
    expect(run(code, 2, true)).toBe(code);
  });

  it('releases text while streaming instead of holding it to the end', () => {
    const f = new OutputFilter();
    expect(f.push('```ts\nconst a = 1;\nconst b')).toBe('const a = 1;\nconst b');
    expect(f.push(' = 2;\n')).toBe(' = 2;');
    expect(f.push('```')).toBe('');
    expect(f.finish(false)).toBe('');
  });
});
