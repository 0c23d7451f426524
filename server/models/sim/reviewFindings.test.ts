import { describe, expect, it } from 'vitest';
import { simReviewFindings } from './reviewFindings';
import { formatReviewRequest, parseReviewRequest } from '../formats/reviewRequest';

describe('simulated review', () => {
  it('round-trips the request format', () => {
    const r = { instruction: 'find bugs', files: [{ path: 'a "b".ts', startLine: 7, code: 'let x = 1;\nreturn x;' }] };
    expect(parseReviewRequest(formatReviewRequest(r))).toEqual(r);
  });

  it('finds the deterministic issues with file line numbers', () => {
    const code = ['let total = 0;', 'if (a == b) console.log(a);', 'let i = 0;', 'i++;', 'load().then((x) => x);'].join(
      '\n',
    );
    const findings = simReviewFindings({ instruction: 'review', files: [{ path: 'src/a.ts', startLine: 10, code }] });
    const at = (line: number) => findings.filter((f) => f.startLine === line).map((f) => f.message);
    expect(at(10)).toEqual(['total is never reassigned: use const (simulated reviewer)']);
    expect(at(11).join()).toMatch(/loose equality.*console\.log/);
    expect(at(12)).toEqual([]);
    expect(at(14).join()).toMatch(/without \.catch/);
  });
});
