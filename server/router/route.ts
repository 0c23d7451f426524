// Decides which lane a request belongs to, and says why: a pure function of the request and the
// policy, so every decision is explainable, testable against a fixture table, and overridable.
import type { Lane, RouteAnswer, RouteQuery } from '../../lib/protocol/route';
import { compiledRules, type RoutingPolicy } from './policy';

export const OVERRIDE_PREFIXES: Record<string, Lane> = {
  '/fast': 'fast',
  '/bg': 'strong',
  '/strong': 'strong',
  '/review': 'review',
};

export function route(request: RouteQuery, policy: RoutingPolicy): RouteAnswer {
  const raw = request.instruction.trim();
  const prefix = /^(\/[a-z]+)(\s+|$)/i.exec(raw);
  if (prefix && OVERRIDE_PREFIXES[prefix[1].toLowerCase()]) {
    const lane = OVERRIDE_PREFIXES[prefix[1].toLowerCase()];
    return {
      lane,
      reason: `you asked for it with ${prefix[1].toLowerCase()}`,
      confidence: 1,
      instruction: raw.slice(prefix[0].length).trim(),
      override: true,
    };
  }
  const decide = (lane: Lane, reason: string, confidence: number): RouteAnswer => ({
    lane,
    reason,
    confidence,
    instruction: raw,
    override: false,
  });
  const p = compiledRules(policy);

  const review = p.review.findIndex((re) => re.test(raw));
  if (review >= 0)
    return decide(
      'review',
      `${policy.review[review].reason}: the review lane reads and reports, it changes nothing`,
      0.85,
    );

  const strong = p.strong.findIndex((re) => re.test(raw));
  if (strong >= 0)
    return decide('strong', `${policy.strong[strong].reason}: a background run with tools and validation`, 0.8);

  if (!request.path)
    return decide('strong', 'no file in focus: the background agent can look across the workspace', 0.7);
  const lines = request.selection ? request.selection.endLine - request.selection.startLine + 1 : null;
  if (lines !== null && lines > policy.fastMaxLines) {
    return decide('strong', `the range spans ${lines} lines, more than the fast lane's ${policy.fastMaxLines}`, 0.7);
  }
  if (raw.length > policy.fastMaxInstructionChars) {
    return decide('strong', `a long instruction (${raw.length} characters): likely more than a local edit`, 0.6);
  }
  const where = lines === null ? 'the block at the cursor' : `${lines} line${lines === 1 ? '' : 's'}`;
  return decide('fast', `a small, local, reversible edit of ${where} in one file`, 0.9);
}
