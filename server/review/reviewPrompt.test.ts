import { describe, expect, it } from 'vitest';
import { parseFindings } from './reviewPrompt';

const files = [{ path: 'src/a.ts', startLine: 10, code: 'a\nb\nc' }];

describe('parseFindings', () => {
  it('reads JSON findings, even fenced, and drops ones outside the code shown', () => {
    const answer =
      '```json\n' +
      JSON.stringify({
        findings: [
          { path: 'src/a.ts', startLine: 11, endLine: 11, severity: 'warning', message: 'b is wrong' },
          { path: 'src/a.ts', startLine: 40, endLine: 41, severity: 'error', message: 'not shown' },
          { path: 'other.ts', startLine: 1, endLine: 1, severity: 'info', message: 'not reviewed' },
          { path: 'src/a.ts', startLine: 10, endLine: 10, severity: 'fatal', message: 'bad severity' },
        ],
      }) +
      '\n```';
    expect(parseFindings(answer, files)).toEqual({
      findings: [{ path: 'src/a.ts', startLine: 11, endLine: 11, severity: 'warning', message: 'b is wrong' }],
      dropped: 3,
    });
  });

  it('explains an answer that is not JSON', () => {
    expect(() => parseFindings('Looks fine to me!', files)).toThrow(/did not answer with JSON/);
    expect(() => parseFindings('{"issues": []}', files)).toThrow(/no "findings" list/);
  });
});
