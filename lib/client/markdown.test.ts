import { describe, expect, it } from 'vitest';
import { fenceLanguage, languageOfFile, parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  it('splits paragraphs at blank lines and joins their lines', () => {
    expect(parseMarkdown('one\ntwo\n\nthree')).toEqual([
      { kind: 'paragraph', inlines: [{ text: 'one two' }] },
      { kind: 'paragraph', inlines: [{ text: 'three' }] },
    ]);
  });

  it('reads a fenced code block with its language, closed or still streaming', () => {
    const text = 'Fix:\n\n```ts\nreturn Math.max(0, x);\n```\nafter';
    expect(parseMarkdown(text)).toEqual([
      { kind: 'paragraph', inlines: [{ text: 'Fix:' }] },
      { kind: 'code', language: 'ts', code: 'return Math.max(0, x);', closed: true },
      { kind: 'paragraph', inlines: [{ text: 'after' }] },
    ]);
    expect(parseMarkdown('```python\nx = 1\ny')).toEqual([
      { kind: 'code', language: 'python', code: 'x = 1\ny', closed: false },
    ]);
  });

  it('keeps markdown inside a code block as code', () => {
    const [block] = parseMarkdown('~~~\n# not a heading\n- not a list\n```\n~~~');
    expect(block).toEqual({ kind: 'code', language: '', code: '# not a heading\n- not a list\n```', closed: true });
  });

  it('a fence ends a paragraph without a blank line', () => {
    expect(parseMarkdown('see:\n```\ncode\n```').map((b) => b.kind)).toEqual(['paragraph', 'code']);
  });

  it('reads unordered and ordered lists, with continuation lines and blank lines between items', () => {
    expect(parseMarkdown('- a\n- b\n  more\n\n- c\n\n1. x\n2) y\n\nend')).toEqual([
      { kind: 'list', ordered: false, start: 1, items: [[{ text: 'a' }], [{ text: 'b more' }], [{ text: 'c' }]] },
      { kind: 'list', ordered: true, start: 1, items: [[{ text: 'x' }], [{ text: 'y' }]] },
      { kind: 'paragraph', inlines: [{ text: 'end' }] },
    ]);
    expect(parseMarkdown('3. third')).toEqual([
      { kind: 'list', ordered: true, start: 3, items: [[{ text: 'third' }]] },
    ]);
  });

  it('reads headings, quotes and rules', () => {
    expect(parseMarkdown('## Why\n> quoted\n> on\n\n---')).toEqual([
      { kind: 'heading', level: 2, inlines: [{ text: 'Why' }] },
      { kind: 'quote', inlines: [{ text: 'quoted on' }] },
      { kind: 'rule' },
    ]);
  });

  it('treats CRLF like LF and yields nothing for blank text', () => {
    expect(parseMarkdown('a\r\nb')).toEqual([{ kind: 'paragraph', inlines: [{ text: 'a b' }] }]);
    expect(parseMarkdown(' \n\n')).toEqual([]);
  });

  it('gives every prefix of a streaming answer a parse (never throws)', () => {
    const answer = 'It **throws** for `[]`:\n\n- line 15: `let total = 0;`\n\n```ts\nconst x = 1;\n```\n';
    for (let n = 0; n <= answer.length; n++) expect(() => parseMarkdown(answer.slice(0, n))).not.toThrow();
  });
});

describe('parseInline', () => {
  it('reads inline code verbatim, marks and all', () => {
    expect(parseInline('call `f(*a, **b)` now')).toEqual([
      { text: 'call ' },
      { text: 'f(*a, **b)', code: true },
      { text: ' now' },
    ]);
    expect(parseInline('``a ` b``')).toEqual([{ text: 'a ` b', code: true }]);
    expect(parseInline('`` `x` ``')).toEqual([{ text: '`x`', code: true }]);
  });

  it('reads bold and italics, also around code', () => {
    expect(parseInline('a **b** *c* **`d` e**')).toEqual([
      { text: 'a ' },
      { text: 'b', bold: true },
      { text: ' ' },
      { text: 'c', em: true },
      { text: ' ' },
      { text: 'd', code: true, bold: true },
      { text: ' e', bold: true },
    ]);
  });

  it('leaves unmatched marks, arithmetic and escapes as text', () => {
    expect(parseInline('2 * 3 * 4')).toEqual([{ text: '2 * 3 * 4' }]);
    expect(parseInline('**not closed yet')).toEqual([{ text: '**not closed yet' }]);
    expect(parseInline('an ` alone')).toEqual([{ text: 'an ` alone' }]);
    expect(parseInline('\\*literal\\*')).toEqual([{ text: '*literal*' }]);
  });

  it('keeps markup-like text as text (it is never HTML)', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('fenceLanguage', () => {
  const known = [
    { id: 'typescript', aliases: ['TypeScript', 'ts'], extensions: ['.ts', '.tsx'] },
    { id: 'python', aliases: ['Python', 'py'], extensions: ['.py'] },
    { id: 'plaintext', aliases: ['Plain Text', 'text'], extensions: ['.txt'] },
  ];

  it('finds a language by id, alias or extension', () => {
    expect(fenceLanguage('typescript', known, 'x')).toBe('typescript');
    expect(fenceLanguage('TS', known, 'x')).toBe('typescript');
    expect(fenceLanguage('tsx', known, 'x')).toBe('typescript');
    expect(fenceLanguage('Python', known, 'x')).toBe('python');
  });

  it('falls back to the file’s language without a tag, and to plain text for an unknown tag', () => {
    expect(fenceLanguage('', known, 'typescript')).toBe('typescript');
    expect(fenceLanguage('cobol', known, 'typescript')).toBe('plaintext');
  });

  it('names a file’s language by its extension', () => {
    expect(languageOfFile('src/cart.ts', known)).toBe('typescript');
    expect(languageOfFile('Makefile', known)).toBe('plaintext');
  });
});
