// The review lane: reads the code in question with the strong model and returns findings. It
// never changes a document; the person dismisses a finding or turns it into a fast-lane edit.
import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { ProtocolFailure } from '../../lib/protocol';
import type { LineRange } from '../../lib/protocol/fast';
import type { ReviewResult } from '../../lib/protocol/review';
import type { ModelProvider } from '../models/provider';
import { buildReviewMessages, parseFindings } from './reviewPrompt';

export type ReviewerDeps = {
  provider: ModelProvider;
  admit: () => void;
  report: (figures: { ttftMs?: number }, usage: { person: string; tokensIn: number; tokensOut: number }) => void;
};

export const REVIEW_MAX_LINES = 3000;

export async function reviewCode(
  deps: ReviewerDeps,
  req: { path: string; text: Y.Text; range?: LineRange; instruction: string; by: string; reason: string },
): Promise<ReviewResult> {
  deps.admit();
  const started = performance.now();
  const lines = req.text.toString().split('\n');
  const range = req.range ?? { startLine: 1, endLine: lines.length };
  if (range.endLine > lines.length) throw new ProtocolFailure('conflict', `lines ${range.startLine}–${range.endLine} no longer exist: ${req.path} has ${lines.length} lines`);
  if (range.endLine - range.startLine + 1 > REVIEW_MAX_LINES) {
    throw new ProtocolFailure('too_large', `a review reads at most ${REVIEW_MAX_LINES} lines at once: select a part of ${req.path}`);
  }
  const files = [{ path: req.path, startLine: range.startLine, code: lines.slice(range.startLine - 1, range.endLine).join('\n') }];
  let completion;
  try {
    completion = await deps.provider.complete({ messages: buildReviewMessages(req.instruction, files), temperature: 0 });
  } catch (err) {
    throw new ProtocolFailure('unavailable', `the review model failed: ${(err as Error).message}`);
  }
  deps.report(
    { ttftMs: completion.timings.firstByte !== undefined ? completion.timings.firstByte - completion.timings.requestSent : undefined },
    { person: req.by, tokensIn: completion.usage?.promptTokens ?? 0, tokensOut: completion.usage?.completionTokens ?? 0 },
  );
  let parsed;
  try {
    parsed = parseFindings(completion.text, files);
  } catch (err) {
    throw new ProtocolFailure('unavailable', (err as Error).message);
  }
  return {
    reviewId: randomUUID(),
    path: req.path,
    by: req.by,
    instruction: req.instruction,
    lane: 'review',
    reason: req.reason,
    model: deps.provider.info,
    findings: parsed.findings.map((f) => ({ ...f, id: randomUUID() })),
    durationMs: performance.now() - started,
  };
}
