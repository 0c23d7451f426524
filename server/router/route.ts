// Decides which lane a request belongs to, and says why: a pure function of the request, the
// policy and the lanes' measured state (LaneSnapshot), so every decision is explainable, testable
// against a fixture table, and overridable. The words decide what kind of work it is; the state
// then decides whether the chosen lane can do it well right now (too slow, failing, out of budget).
// A fast request is an edit or an answer (intent.ts); when the words leave the rules guessing, the
// decision's confidence is low (UNSURE_CONFIDENCE) and the caller may ask the fast model and route
// again with its classification (`classified`): still pure, the I/O is the caller's (decideRoute.ts).
import { MAX_FAST_RANGE_LINES } from '../../lib/protocol/fast';
import type {
  FastIntent,
  Lane,
  RouteAnswer,
  RouteClassifier,
  RouteEstimate,
  RouteQuery,
} from '../../lib/protocol/route';
import { describeEstimate, estimateFastAnswer, estimateFastEdit } from './estimate';
import { readIntent } from './intent';
import { UNMEASURED, unavailable, type LaneSnapshot } from './laneState';
import { compiledRules, type RoutingPolicy } from './policy';

export const OVERRIDE_PREFIXES: Record<string, Lane> = {
  '/fast': 'fast',
  '/bg': 'strong',
  '/strong': 'strong',
  '/review': 'review',
};

/** The confidence of a decision the rules only guessed (below the policy's default threshold of 0.6). */
export const UNSURE_CONFIDENCE = 0.5;
/** The confidence of a decision the fast model's classification made. */
const CLASSIFIED_CONFIDENCE = 0.8;

/** A query as the server sees it: with the selection's size when it could read the file. */
export type RouteInput = RouteQuery & { selectionChars?: number | null };

/** A decision before the lanes' state is weighed; `firm` when the work itself needs that lane. */
type Decision = {
  lane: Lane;
  reason: string;
  confidence: number;
  firm: boolean;
  estimate?: RouteEstimate;
  /** What the fast lane would do with it (said on the wire only when the lane is fast). */
  intent?: FastIntent;
  classifier?: RouteClassifier;
};

/** The fast lane's estimated time to done for an intent: an edit's needs the selection's size. */
type EstimateFor = (intent: FastIntent) => RouteEstimate | undefined;

/** File names in an instruction (`cart.ts`, `src/app/page.tsx`): two or more is a multi-file change. */
const FILE_NAME =
  /(?<![\w./-])[\w./-]*\w\.(tsx?|jsx?|mjs|cjs|py|go|rs|java|kt|rb|php|cs|cpp|cc|c|h|hpp|swift|css|scss|html|vue|svelte|json|ya?ml|toml|sql|md)\b/gi;

/** Whether a decision is unsure enough for the policy to ask the fast model. */
export const unsure = (answer: RouteAnswer, policy: RoutingPolicy): boolean =>
  !answer.override && answer.confidence < policy.classifyBelowConfidence;

export function route(
  request: RouteInput,
  policy: RoutingPolicy,
  lanes: LaneSnapshot = UNMEASURED,
  classified?: RouteClassifier,
): RouteAnswer {
  const raw = request.instruction.trim();
  const lines = request.selection ? request.selection.endLine - request.selection.startLine + 1 : null;
  const edit =
    request.selectionChars != null && lines !== null ? estimateFastEdit(request.selectionChars, lanes.fast) : undefined;
  const estimateFor: EstimateFor = (intent) => (intent === 'answer' ? estimateFastAnswer(lanes.fast) : edit);

  const prefix = /^(\/[a-z]+)(\s+|$)/i.exec(raw);
  const chosen = prefix ? OVERRIDE_PREFIXES[prefix[1].toLowerCase()] : undefined;
  if (prefix && chosen) {
    const instruction = raw.slice(prefix[0].length).trim();
    const intent = chosen === 'fast' ? readIntent(instruction, compiledRules(policy).answer).intent : undefined;
    const estimate = intent && estimateFor(intent);
    const slow = estimate && estimate.seconds > policy.fastMaxSeconds;
    const why = unavailable(lanes, chosen, estimate?.tokens);
    const reason = `you asked for it with ${prefix[1].toLowerCase()}${slow ? ` (${describeEstimate(estimate)})` : ''}`;
    return {
      lane: chosen,
      reason: why ? note(reason, why) : reason,
      confidence: 1,
      instruction,
      override: true,
      ...(estimate ? { estimate } : {}),
      ...(intent ? { intent } : {}),
    };
  }

  const decided = weigh(
    byRules(raw, request, lines, policy, estimateFor, classified),
    lanes,
    request,
    lines,
    estimateFor,
  );
  return {
    lane: decided.lane,
    reason: decided.reason,
    confidence: decided.confidence,
    instruction: raw,
    override: false,
    ...(decided.estimate ? { estimate: decided.estimate } : {}),
    ...(decided.lane === 'fast' ? { intent: decided.intent ?? 'edit' } : {}),
    ...(decided.classifier ? { classifier: decided.classifier } : {}),
  };
}

/** What the words, the target's size and the estimated time say, in the policy's order. */
function byRules(
  raw: string,
  request: RouteInput,
  lines: number | null,
  policy: RoutingPolicy,
  estimateFor: EstimateFor,
  classified: RouteClassifier | undefined,
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

  const reading = readIntent(raw, p.answer);
  const asked = reading.uncertain ? classified : undefined;
  const verdict = asked && 'verdict' in asked ? asked : null;
  if (verdict?.verdict === 'review' || verdict?.verdict === 'strong') return classifiedAway(verdict, verdict.verdict);
  const intent = verdict ? (verdict.verdict === 'fast-answer' ? 'answer' : 'edit') : reading.intent;
  const about = reading.rule !== null ? policy.answer[reading.rule].reason : 'a question';
  const d = fastWork(intent, about, raw, request, lines, policy, estimateFor(intent));
  return reading.uncertain && d.lane === 'fast' ? unsureFast(d, asked, policy.classifierTimeoutMs) : d;
}

type Verdict = Extract<RouteClassifier, { verdict: unknown }>;
/** "in 41 ms", or "earlier (cached)" for a verdict kept from an earlier ask. */
const when = (v: Verdict) => (v.cached ? 'earlier (cached)' : `in ${Math.round(v.ms)} ms`);

/** The fast model's verdict sends a request the rules read as fast work to the review or background lane. */
function classifiedAway(v: Verdict, lane: 'review' | 'strong'): Decision {
  const [as, does] =
    lane === 'review'
      ? ['a review', 'the review lane reads and reports, it changes nothing']
      : ['background work', 'a background run with tools and validation'];
  const reason = `the fast model classified it as ${as} ${when(v)}: ${does}`;
  return { lane, reason, confidence: CLASSIFIED_CONFIDENCE, firm: true, classifier: v };
}

/** A fast decision the rules only guessed: what the model made of it, or that the rules decided alone. */
function unsureFast(d: Decision, asked: RouteClassifier | undefined, timeoutMs: number): Decision {
  const guess = `a guess (no rule matched the words): ${d.reason}`;
  if (!asked) return { ...d, reason: guess, confidence: UNSURE_CONFIDENCE };
  if ('verdict' in asked) {
    const reason = `${d.reason} (the fast model classified it ${when(asked)})`;
    return { ...d, reason, confidence: CLASSIFIED_CONFIDENCE, classifier: asked };
  }
  const failed =
    'timedOut' in asked
      ? `the fast model did not classify it within ${timeoutMs} ms`
      : `the fast model could not classify it (${asked.failed})`;
  return { ...d, reason: `${guess} (${failed}: the rules decided)`, confidence: UNSURE_CONFIDENCE, classifier: asked };
}

/** The size and time rules for work the fast lane could do: too big, too long or too slow goes to the background. */
function fastWork(
  intent: FastIntent,
  about: string,
  raw: string,
  request: RouteInput,
  lines: number | null,
  policy: RoutingPolicy,
  estimate: RouteEstimate | undefined,
): Decision {
  const base = { firm: false, intent };
  const maxLines = intent === 'answer' ? MAX_FAST_RANGE_LINES : policy.fastMaxLines;
  if (lines !== null && lines > maxLines) {
    const most = intent === 'answer' ? `the ${maxLines} the fast model reads` : `the fast lane's ${maxLines}`;
    return { ...base, lane: 'strong', reason: `the range spans ${lines} lines, more than ${most}`, confidence: 0.7 };
  }
  if (raw.length > policy.fastMaxInstructionChars) {
    const reason = `a long instruction (${raw.length} characters): likely more than a local ${intent}`;
    return { ...base, lane: 'strong', reason, confidence: 0.6 };
  }
  if (estimate && estimate.seconds > policy.fastMaxSeconds) {
    const over = `more than the fast lane's ${policy.fastMaxSeconds} s`;
    const reason = `${describeEstimate(estimate)}: ${over} — sent to the background`;
    return { ...base, lane: 'strong', reason, confidence: 0.75, estimate };
  }
  const time = estimate ? ` (${describeEstimate(estimate)})` : '';
  if (intent === 'answer') {
    const at = request.selection;
    const where = !at
      ? 'the code at the cursor'
      : lines === 1
        ? `line ${at.startLine}`
        : `lines ${at.startLine}–${at.endLine}`;
    const reason = `${about} about ${where}: the fast model answers in words${time}`;
    return { ...base, lane: 'fast', reason, confidence: 0.9, estimate };
  }
  const where = lines === null ? 'the block at the cursor' : `${lines} line${lines === 1 ? '' : 's'}`;
  return {
    ...base,
    lane: 'fast',
    reason: `a small, local, reversible edit of ${where} in one file${time}`,
    confidence: 0.9,
    estimate,
  };
}

/** A lane that cannot serve right now hands the request to the other model lane, if that one can. */
function weigh(
  d: Decision,
  lanes: LaneSnapshot,
  request: RouteInput,
  lines: number | null,
  estimateFor: EstimateFor,
): Decision {
  const intent = d.intent ?? 'edit';
  const why = unavailable(lanes, d.lane, d.lane === 'fast' ? d.estimate?.tokens : undefined);
  if (!why) return d;
  if (d.lane === 'fast') {
    const other = unavailable(lanes, 'strong');
    if (other) return { ...d, reason: note(d.reason, `${why}, and ${other}`) };
    return { ...d, lane: 'strong', reason: `${why} — sent to the background`, confidence: 0.7, firm: false };
  }
  // Only work the fast lane can do moves there: an edit (or a question) of a selection in the file in focus.
  const estimate = estimateFor(intent);
  const movable = !d.firm && request.path && lines !== null && lines <= MAX_FAST_RANGE_LINES;
  if (d.lane === 'strong' && movable && !unavailable(lanes, 'fast', estimate?.tokens)) {
    return {
      lane: 'fast',
      reason: `${why} — sent to the fast lane instead of the background (${d.reason})`,
      confidence: 0.6,
      firm: false,
      intent,
      estimate,
    };
  }
  return { ...d, reason: note(d.reason, why) };
}

const note = (reason: string, why: string) => `${reason} (note: ${why} right now)`;
