// One generation of a fast-lane turn: the model request and the stream it answers with, folded
// into the turn's output (filtered, with the continue-or-restart decision after a redirect) and
// its figures. A redirect sent as a native steer stays inside this stream: the provider ends the
// running response at a safe point and a successor answers the correction, so the ghost goes on
// without a new request; a steer the provider refuses hands the redirect back to the session,
// which restarts the generation as it would without steering.
import type { FastSessionReport, PendingRedirect, Turn } from './fastTurn';
import type { GhostState } from '../../lib/protocol/fast';
import { tokenCount } from '../metrics/tokenCount';
import type { ModelProvider } from '../models/provider';
import type { ChatMessage, Usage } from '../models/types';
import { RestartDetector } from './ghostOutput';
import { AnswerText, OutputFilter, type TextFilter } from './outputFilter';
import { buildEditMessages, RESTART_MARKER, type PromptHistory } from './prompt';

const MAX_OUTPUT_TOKENS = 8192;

/** Alternative k's sampling temperature: the first is the usual deterministic rewrite, the others spread out. */
const ALTERNATIVE_TEMPERATURES = [0, 0.7, 1.0, 1.2];

/** What a generation is asked beyond the turn: the code around it; after a redirect, the partial and correction. */
export type GenerationPrompt = {
  language: string | null;
  before: string;
  after: string;
  partial: string | null;
  correction: string | null;
};

export type GenerationContext = {
  provider: ModelProvider;
  report: FastSessionReport;
  history: PromptHistory[];
  /** False once this generation was superseded (interrupt, redirect, resolution, a newer turn). */
  live(): boolean;
  setState(state: GhostState, message?: string): void;
  /** The provider refused a steer: restart the generation with this redirect. */
  restart(redirect: PendingRedirect): void;
};

export async function runGeneration(turn: Turn, prompt: GenerationPrompt, ctx: GenerationContext): Promise<void> {
  const { info } = turn;
  const first = turn.generation === 0;
  const messages = buildEditMessages({
    instruction: info.instruction,
    path: info.path,
    language: prompt.language,
    code: info.original,
    before: prompt.before,
    after: prompt.after,
    history: ctx.history,
    partial: prompt.partial,
    correction: prompt.correction,
    intent: info.intent,
    alternative: info.alternative ?? null,
    context: turn.context,
    firstLine: info.range.startLine,
  });
  // An answer is markdown for the panel: its fences are content, not a wrapper to strip.
  const newFilter = () => (info.intent === 'answer' ? new AnswerText() : new OutputFilter());
  let filter = newFilter();
  let detector = prompt.partial === null ? null : new RestartDetector(RESTART_MARKER);
  /** Set at a redirect's start (a restart, or a committed steer) until its first token. */
  let awaitingRedirectToken = !first;
  let chars = 0;
  const decide = (d: RestartDetector) => {
    if (d.decided === 'restart') {
      turn.output.restart();
      filter = newFilter();
    } else turn.output.continueFromHere();
  };
  const push = (raw: string) => {
    chars += raw.length;
    let text: string | null = raw;
    if (detector) {
      const before = detector.decided;
      text = detector.push(raw);
      if (!before && detector.decided) decide(detector);
      if (text === null) return;
    }
    turn.batcher.add(turn.output.append(filter.push(text)));
  };
  let usage: Usage | null = null;
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  try {
    const request = {
      messages,
      temperature: ALTERNATIVE_TEMPERATURES[info.alternative?.index ?? 0] ?? 0,
      maxTokens: MAX_OUTPUT_TOKENS,
      // A prediction is the range itself: an answer does not repeat it.
      ...(info.intent === 'edit' ? { prediction: info.original } : {}),
    };
    const options = { signal: turn.controller.signal, steering: turn.steering };
    for await (const ev of ctx.provider.stream(request, options)) {
      if (!ctx.live()) return;
      switch (ev.type) {
        case 'text':
          if (firstTokenAt === undefined) {
            firstTokenAt = ev.at;
            if (first) {
              turn.metrics.harnessMs = ev.timings.requestSent - turn.receivedAt;
              turn.metrics.ttftMs = (ev.timings.firstToken ?? ev.at) - ev.timings.requestSent;
            }
          }
          if (awaitingRedirectToken && turn.redirectAt !== null) {
            awaitingRedirectToken = false;
            turn.metrics.redirectToFirstTokenMs = ev.at - turn.redirectAt;
          }
          lastTokenAt = ev.at;
          push(ev.text);
          break;
        case 'successor':
          // The steer is committed: what follows answers the correction (continue or restart).
          turn.pendingSteer = null;
          awaitingRedirectToken = true;
          if (detector && !detector.decided) finishDecision(turn, detector, filter, decide);
          detector = new RestartDetector(RESTART_MARKER);
          break;
        case 'steer':
          if (ev.status === 'failed' && turn.pendingSteer !== null) {
            const redirect = turn.pendingSteer;
            turn.pendingSteer = null;
            ctx.restart(redirect);
            return;
          }
          break;
        case 'usage':
          usage = ev.usage;
          break;
        case 'error':
          turn.batcher.flush();
          ctx.setState('error', ev.error.message);
          return;
      }
    }
  } catch (err) {
    if (!ctx.live()) return;
    turn.batcher.flush();
    ctx.setState('error', `the fast model failed: ${(err as Error).message}`);
    return;
  } finally {
    recordUsage(turn, ctx, usage, messages, chars);
  }
  if (!ctx.live()) return;
  if (turn.pendingSteer !== null) {
    // The response ended with the steer neither committed nor refused: restart with it.
    const redirect = turn.pendingSteer;
    turn.pendingSteer = null;
    ctx.restart(redirect);
    return;
  }
  if (detector && !detector.decided) finishDecision(turn, detector, filter, decide);
  turn.batcher.add(turn.output.append(filter.finish(info.original.endsWith('\n'))));
  turn.batcher.add(turn.output.end());
  turn.batcher.flush();
  const outputTokens = turn.metrics.outputTokens;
  if (firstTokenAt !== undefined && lastTokenAt !== undefined && lastTokenAt > firstTokenAt && outputTokens) {
    turn.metrics.tokensPerSec = (outputTokens * 1000) / (lastTokenAt - firstTokenAt);
  }
  ctx.setState('done');
}

function finishDecision(
  turn: Turn,
  detector: RestartDetector,
  filter: TextFilter,
  decide: (d: RestartDetector) => void,
): void {
  const rest = detector.finish();
  decide(detector);
  if (rest) turn.batcher.add(turn.output.append(filter.push(rest)));
}

/** The provider's usage, or (a stream stopped before it came) an estimate that says so. */
function recordUsage(
  turn: Turn,
  ctx: GenerationContext,
  usage: Usage | null,
  messages: ChatMessage[],
  chars: number,
): void {
  if (usage === null && chars === 0) return;
  const count = tokenCount(usage, messages, chars);
  turn.metrics.outputTokens = count.tokensOut;
  turn.metrics.promptTokens = count.tokensIn;
  turn.metrics.tokensEstimated = usage === null;
  // Providers report zeros when no prediction was sent: only a prediction that did something is a figure.
  const accepted = usage?.acceptedPredictionTokens ?? 0;
  const rejected = usage?.rejectedPredictionTokens ?? 0;
  if (accepted + rejected > 0) {
    turn.metrics.predictionAcceptedTokens = accepted;
    turn.metrics.predictionRejectedTokens = rejected;
  }
  ctx.report.usage(turn.info.by, count);
}
