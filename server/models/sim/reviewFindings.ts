// What the simulated model finds when asked for a review: a handful of deterministic, honest
// lint-like checks (labelled as the simulator's), so the review lane can be tried offline.
import type { ReviewRequest } from '../formats/reviewRequest';

export type SimFinding = {
  path: string;
  startLine: number;
  endLine: number;
  severity: 'info' | 'warning' | 'error';
  message: string;
};

const CHECKS: {
  test: (line: string, all: string[]) => boolean;
  severity: SimFinding['severity'];
  message: (line: string) => string;
}[] = [
  {
    test: (l) => /[^=!<>]==[^=]/.test(l) || /!=[^=]/.test(l),
    severity: 'warning',
    message: () => 'loose equality (== / !=) coerces types: use === / !==',
  },
  { test: (l) => /\bconsole\.log\(/.test(l), severity: 'info', message: () => 'leftover console.log' },
  {
    test: (l) => /:\s*any\b|<any>|as any\b/.test(l),
    severity: 'warning',
    message: () => '`any` turns off type checking here',
  },
  {
    test: (l) => /\b(TODO|FIXME|XXX)\b/.test(l),
    severity: 'info',
    message: (l) => `unfinished work: ${l.trim().slice(0, 60)}`,
  },
  {
    test: (l) => /\.then\(/.test(l) && !/\.catch\(/.test(l),
    severity: 'warning',
    message: () => 'a promise chain without .catch: a rejection goes unhandled',
  },
  {
    test: (l) => /\/\s*[a-zA-Z_]\w*\s*[;)]/.test(l) && !/\/\//.test(l),
    severity: 'warning',
    message: () => 'division by a variable that may be zero',
  },
  {
    test: (l, all) => {
      const m = /^\s*let\s+([A-Za-z_$][\w$]*)\s*=/.exec(l);
      if (!m) return false;
      const name = m[1];
      const assigned = new RegExp(`(^|[^.\\w$])${name.replace(/\$/g, '\\$')}\\s*([-+*/%]?=(?!=)|\\+\\+|--)`);
      return all.filter((x) => assigned.test(x)).length <= 1;
    },
    severity: 'info',
    message: (l) => `${/let\s+([\w$]+)/.exec(l)![1]} is never reassigned: use const`,
  },
];

export function simReviewFindings(request: ReviewRequest): SimFinding[] {
  const findings: SimFinding[] = [];
  for (const file of request.files) {
    const lines = file.code.split('\n');
    lines.forEach((line, i) => {
      for (const check of CHECKS) {
        if (!check.test(line, lines)) continue;
        const at = file.startLine + i;
        findings.push({
          path: file.path,
          startLine: at,
          endLine: at,
          severity: check.severity,
          message: `${check.message(line)} (simulated reviewer)`,
        });
      }
    });
  }
  return findings.slice(0, 50);
}
