// Decides which lane a request belongs to, and says why: a pure function of the request, the
// policy and the lanes' measured state (LaneSnapshot), so every decision is explainable, testable
// against a fixture table, and overridable. The words decide what kind of work it is; the state
// then decides whether the chosen lane can do it well right now (too slow, failing, out of budget).
import { MAX_FAST_RANGE_LINES } from '../../lib/protocol/fast';
import type { Lane, RouteAnswer, RouteEstimate, RouteQuery } from '../../lib/protocol/route';
import { describeEstimate, estimateFastEdit } from './estimate';
import { UNMEASURED, unavailable, type LaneSnapshot } from './laneState';
import { compiledRules, type RoutingPolicy } from './policy';

export const OVERRIDE_PREFIXES: Record<string, Lane> = {
  '/fast': 'fast',
  '/bg': 'strong',
  '/strong': 'strong',
  '/review': 'review',
};

/** A query as the server sees it: with the selection's size when it could read the file. */
export type RouteInput = RouteQuery & { selectionChars?: number | null };

/** A decision before the lanes' state is weighed; `firm` when the work itself needs that lane. */
type Decision = { lane: Lane; reason: string; confidence: number; firm: boolean; estimate?: RouteEstimate };

/** File names in an instruction (`cart.ts`, `src/app/page.tsx`): two or more is a multi-file change. */
const FILE_NAME =
  /(?<![\w./-])[\w./-]*\w\.(tsx?|jsx?|mjs|cjs|py|go|rs|java|kt|rb|php|cs|cpp|cc|c|h|hpp|swift|css|scss|html|vue|svelte|json|ya?ml|toml|sql|md)\b/gi;

export function route(request: RouteInput, policy: RoutingPolicy, lanes: LaneSnapshot = UNMEASURED): RouteAnswer {
  const raw = request.instruction.trim();
  const lines = request.selection ? request.selection.endLine - request.selection.startLine + 1 : null;
  const estimate =
    request.selectionChars != null && lines !== null ? estimateFastEdit(request.selectionChars, lanes.fast) : undefined;

  const prefix = /^(\/[a-z]+)(\s+|$)/i.exec(raw);
  const chosen = prefix ? OVERRIDE_PREFIXES[prefix[1].toLowerCase()] : undefined;
  if (prefix && chosen) {
    const slow = chosen === 'fast' && estimate && estimate.seconds > policy.fastMaxSeconds;
    const why = unavailable(lanes, chosen, chosen === 'fast' ? estimate?.tokens : undefined);
    const reason = `you asked for it with ${prefix[1].toLowerCase()}${slow ? ` (${describeEstimate(estimate)})` : ''}`;
    return {
      lane: chosen,
      reason: why ? note(reason, why) : reason,
      confidence: 1,
      instruction: raw.slice(prefix[0].length).trim(),
      override: true,
      ...(chosen === 'fast' && estimate ? { estimate } : {}),
    };
  }

  const decided = weigh(byRules(raw, request, lines, policy, estimate), lanes, request, lines, estimate);
  return {
    lane: decided.lane,
    reason: decided.reason,
    confidence: decided.confidence,
    instruction: raw,
    override: false,
    ...(decided.estimate ? { estimate: decided.estimate } : {}),
  };
}

/** What the words, the target's size and the estimated time say, in the policy's order. */
function byRules(
  raw: string,
  request: RouteInput,
  lines: number | null,
  policy: RoutingPolicy,
  estimate: RouteEstimate | undefined,
): Decision {
  const p = compiledRules(policy);
  const review = p.review.findIndex((re) => re.test(raw));
  if (review >= 0) {
    const reason = `${policy.review[review].reason}: the review lane reads and reports, it changes nothing`;
    return { lane: 'review', reason, confidence: 0.85, firm: true };
  }
  const strong = p.strong.findIndex((re) => re.test(raw));
  if (strong >= 0) {
    const reason = `${policy.strong[strong].reason}: a background run with tools and validation`;
    return { lane: 'strong', reason, confidence: 0.8, firm: true };
  }
  const files = [...new Set(raw.match(FILE_NAME)?.map((f) => f.toLowerCase()))];
  if (files.length >= 2) {
    const named = files.slice(0, 3).join(', ');
    const reason = `names ${files.length} files (${named}): a multi-file change for a background run`;
    return { lane: 'strong', reason, confidence: 0.75, firm: true };
  }
  if (!request.path) {
    const reason = 'no file in focus: the background agent can look across the workspace';
    return { lane: 'strong', reason, confidence: 0.7, firm: true };
  }
  if (lines !== null && lines > policy.fastMaxLines) {
    const reason = `the range spans ${lines} lines, more than the fast lane's ${policy.fastMaxLines}`;
    return { lane: 'strong', reason, confidence: 0.7, firm: false };
  }
  if (raw.length > policy.fastMaxInstructionChars) {
    const reason = `a long instruction (${raw.length} characters): likely more than a local edit`;
    return { lane: 'strong', reason, confidence: 0.6, firm: false };
  }
  if (estimate && estimate.seconds > policy.fastMaxSeconds) {
    const over = `more than the fast lane's ${policy.fastMaxSeconds} s`;
    const reason = `${describeEstimate(estimate)}: ${over} — sent to the background`;
    return { lane: 'strong', reason, confidence: 0.75, firm: false, estimate };
  }
  const where = lines === null ? 'the block at the cursor' : `${lines} line${lines === 1 ? '' : 's'}`;
  const time = estimate ? ` (${describeEstimate(estimate)})` : '';
  return {
    lane: 'fast',
    reason: `a small, local, reversible edit of ${where} in one file${time}`,
    confidence: 0.9,
    firm: false,
    estimate,
  };
}

/** A lane that cannot serve right now hands the request to the other model lane, if that one can. */
function weigh(
  d: Decision,
  lanes: LaneSnapshot,
  request: RouteInput,
  lines: number | null,
  estimate: RouteEstimate | undefined,
): Decision {
  const why = unavailable(lanes, d.lane, d.lane === 'fast' ? estimate?.tokens : undefined);
  if (!why) return d;
  if (d.lane === 'fast') {
    const other = unavailable(lanes, 'strong');
    if (other) return { ...d, reason: note(d.reason, `${why}, and ${other}`) };
    return {
      lane: 'strong',
      reason: `${why} — sent to the background`,
      confidence: 0.7,
      firm: false,
      estimate: d.estimate,
    };
  }
  // Only work the fast lane can do moves there: an edit of a selection in the file in focus.
  const editable = !d.firm && request.path && lines !== null && lines <= MAX_FAST_RANGE_LINES;
  if (d.lane === 'strong' && editable && !unavailable(lanes, 'fast', estimate?.tokens)) {
    return {
      lane: 'fast',
      reason: `${why} — sent to the fast lane instead of the background (${d.reason})`,
      confidence: 0.6,
      firm: false,
      estimate,
    };
  }
  return { ...d, reason: note(d.reason, why) };
}

const note = (reason: string, why: string) => `${reason} (note: ${why} right now)`;
