import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEditRequest, parseEditRequest, type EditRequest } from './editRequest';

describe('edit request format', () => {
  it('formats the documented layout', () => {
    const text = formatEditRequest({
      instruction: 'rename total to sum',
      path: 'src/app.ts',
      language: 'typescript',
      code: 'a\nb',
      partial: null,
      correction: null,
    });
    expect(text).toBe(
      '<instruction>rename total to sum</instruction>\n<code path="src/app.ts" language="typescript">\na\nb\n</code>',
    );
  });

  it('parses a request with a preamble, a partial and a correction', () => {
    const request = formatEditRequest({
      instruction: 'x',
      path: null,
      language: null,
      code: '  y\n',
      partial: 'y1',
      correction: 'z',
    });
    const text = `Please help.\n${request}\n`;
    expect(parseEditRequest(text)).toEqual({
      instruction: 'x',
      path: null,
      language: null,
      code: '  y\n',
      partial: 'y1',
      correction: 'z',
      intent: 'edit',
      alternative: null,
      context: null,
      firstLine: null,
    });
  });

  it('round-trips a question with context, as alternative 2 of 3', () => {
    const request: Required<EditRequest> = {
      instruction: 'why does this print -$0.05?',
      path: 'src/cart.ts',
      language: 'typescript',
      code: 'const x = 1;\n<instruction>not this</instruction>',
      partial: null,
      correction: 'in one sentence',
      intent: 'answer',
      alternative: { index: 1, of: 3 },
      context: 'An earlier answer:\n<question>?</question>',
      firstLine: 14,
    };
    const text = formatEditRequest(request);
    expect(text.startsWith('<context>\nAn earlier answer')).toBe(true);
    expect(text).toContain('<question>why does this print -$0.05?</question>');
    expect(text).toContain('alternative="2/3" first-line="14"');
    expect(parseEditRequest(text)).toEqual(request);
  });

  it('is not fooled by tags inside the code', () => {
    const request: EditRequest = {
      instruction: 'i',
      path: 'a "b".html',
      language: 'html',
      code: '<code>\n</code>\n<partial>',
      partial: null,
      correction: null,
    };
    expect(parseEditRequest(formatEditRequest(request))).toEqual({
      ...request,
      intent: 'edit',
      alternative: null,
      context: null,
      firstLine: null,
    });
  });

  it('returns null for other messages', () => {
    expect(parseEditRequest('hello')).toBeNull();
    expect(parseEditRequest('<instruction>x</instruction> but no code')).toBeNull();
  });

  it('round-trips any code, partial and correction', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 });
    fc.assert(
      fc.property(
        fc.record({
          instruction: text.map((s) => s.replace(/<\/?instruction>/g, '').trim()),
          path: fc.option(fc.string({ maxLength: 20 })),
          language: fc.option(fc.constantFrom('typescript', 'python')),
          code: text,
          partial: fc.option(text.map((s) => s.replace(/<\/?partial>/g, ''))),
          correction: fc.option(text.map((s) => s.replace(/<\/?correction>/g, '').trim())),
        }),
        (request) => {
          const parsed = parseEditRequest(formatEditRequest(request));
          expect(parsed).toEqual({ ...request, intent: 'edit', alternative: null, context: null, firstLine: null });
        },
      ),
      { numRuns: 300 },
    );
  });
});
