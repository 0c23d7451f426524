// The review lane: reads the code in question with the strong model and returns findings. It
// never changes a document; the person dismisses a finding or turns it into a fast-lane edit.
import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { ProtocolFailure } from '../../lib/protocol';
import { MAX_REVIEW_LINES, type ReviewResult } from '../../lib/protocol/review';
import type { LineRange } from '../../lib/protocol/shapes';
import type { ModelProvider } from '../models/provider';
import type { ReviewFile } from '../models/formats/reviewRequest';
import type { MetricsHub } from '../metrics/metricsHub';
import { tokenCount, type TokenCount } from '../metrics/tokenCount';
import { buildReviewMessages, parseFindings } from './reviewPrompt';

export type ReviewerDeps = {
  provider: ModelProvider;
  admit: () => void;
  /** The review is asked for whole (not streamed): its figure is request sent → whole answer. */
  report: (figures: { reviewAnswerMs: number }, person: string, tokens: TokenCount) => void;
};

/** A reviewer on `provider` whose budget, figures and usage are the metrics hub's `review` lane. */
export function meteredReviewer(provider: ModelProvider, metrics: MetricsHub): ReviewerDeps {
  return {
    provider,
    admit: () => metrics.checkBudget('review'),
    report: (figures, person, tokens) => {
      metrics.observe('review', figures);
      metrics.addUsage('review', person, tokens);
    },
  };
}

/** The code to review for a file (or a range of it) as it is in the shared document now. */
export function documentReviewFiles(path: string, text: Y.Text, range?: LineRange): ReviewFile[] {
  const lines = text.toString().split('\n');
  const r = range ?? { startLine: 1, endLine: lines.length };
  if (r.endLine > lines.length)
    throw new ProtocolFailure(
      'conflict',
      `lines ${r.startLine}–${r.endLine} no longer exist: ${path} has ${lines.length} lines`,
    );
  return [{ path, startLine: r.startLine, code: lines.slice(r.startLine - 1, r.endLine).join('\n') }];
}

export async function reviewCode(
  deps: ReviewerDeps,
  req: { subject: string; files: ReviewFile[]; instruction: string; by: string; reason: string },
): Promise<ReviewResult> {
  deps.admit();
  const started = performance.now();
  const { files } = req;
  if (files.length === 0) throw new ProtocolFailure('bad_request', `${req.subject} has no text to review`);
  const lines = files.reduce((n, f) => n + f.code.split('\n').length, 0);
  if (lines > MAX_REVIEW_LINES) {
    throw new ProtocolFailure(
      'too_large',
      `a review reads at most ${MAX_REVIEW_LINES} lines at once; ${req.subject} has ${lines}: select a part of it`,
    );
  }
  const messages = buildReviewMessages(req.instruction, files);
  let completion;
  try {
    completion = await deps.provider.complete({ messages, temperature: 0 });
  } catch (err) {
    throw new ProtocolFailure('unavailable', `the review model failed: ${(err as Error).message}`);
  }
  const { requestSent, lastToken } = completion.timings;
  const tokens = tokenCount(completion.usage, messages, completion.text.length);
  deps.report({ reviewAnswerMs: (lastToken ?? performance.now()) - requestSent }, req.by, tokens);
  let parsed;
  try {
    parsed = parseFindings(completion.text, files);
  } catch (err) {
    throw new ProtocolFailure('unavailable', (err as Error).message);
  }
  return {
    reviewId: randomUUID(),
    path: req.subject,
    by: req.by,
    instruction: req.instruction,
    lane: 'review',
    reason: req.reason,
    model: deps.provider.info,
    findings: parsed.findings.map((f) => ({ ...f, id: randomUUID() })),
    durationMs: performance.now() - started,
  };
}
