// How long a fast edit of a selection would take: a rewrite mostly repeats its range, so its
// output is about the selection's tokens (characters / 4), written at the fast model's current
// speed after its first token. Why: a "small" edit of 80 long lines on a slow or busy model can
// take longer than a background run would; the router says so with these numbers. An answer in
// words is short whatever the selection's size (ANSWER_TOKENS), so a question about a long range
// is not sent to the background for a rewrite it will never write. Pure.
import type { LineRange, RouteEstimate } from '../../lib/protocol';
import type { LaneSnapshot } from './laneState';

/** Assumed before any fast turn was measured (a modest hosted model; the reason says it is assumed). */
export const ASSUMED_TOKENS_PER_SEC = 100;
export const ASSUMED_TTFT_MS = 1000;

/** The characters of lines `startLine..endLine` (1-based, inclusive) of a text. */
export function selectionChars(text: string, range: LineRange): number {
  return text
    .split('\n')
    .slice(range.startLine - 1, range.endLine)
    .join('\n').length;
}

/** The output of a fast answer: a few short paragraphs, whatever the selection's size. */
export const ANSWER_TOKENS = 200;

/** Time to done of `tokens` of fast-model output at its current (or assumed) speed. */
function estimateFastOutput(tokens: number, fast: LaneSnapshot['fast']): RouteEstimate {
  const measured = fast.tokensPerSec !== null && fast.tokensPerSec > 0;
  const tokensPerSec = measured ? fast.tokensPerSec! : ASSUMED_TOKENS_PER_SEC;
  const ttftMs = fast.ttftMs ?? ASSUMED_TTFT_MS;
  return { seconds: ttftMs / 1000 + tokens / tokensPerSec, tokens, tokensPerSec, ttftMs, measured };
}

export const estimateFastEdit = (chars: number, fast: LaneSnapshot['fast']): RouteEstimate =>
  estimateFastOutput(Math.ceil(chars / 4), fast);

export const estimateFastAnswer = (fast: LaneSnapshot['fast']): RouteEstimate =>
  estimateFastOutput(ANSWER_TOKENS, fast);

const seconds = (s: number) => (s < 10 ? s.toFixed(1).replace(/\.0$/, '') : String(Math.round(s)));

/** "~40 s at the fast model's current 180 tok/s for ~7,200 tokens", or "… at an assumed 100 tok/s …". */
export function describeEstimate(e: RouteEstimate): string {
  const speed = Math.round(e.tokensPerSec).toLocaleString('en-US');
  const at = e.measured ? `at the fast model's current ${speed} tok/s` : `at an assumed ${speed} tok/s`;
  const tokens = `for ~${e.tokens.toLocaleString('en-US')} tokens`;
  return `~${seconds(e.seconds)} s ${at} ${tokens}${e.measured ? '' : ', no fast turn measured yet'}`;
}
