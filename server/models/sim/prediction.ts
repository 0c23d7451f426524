// Predicted Outputs (chat completions' `prediction`), modelled: the answer and the prediction are
// cut into tokens and aligned with the same exact sequence diff the editor uses; answer tokens
// inside matched runs are "accepted" (a real server verifies them in parallel, so they are
// produced faster) and prediction tokens the answer did not use are "rejected" (billed anyway).
import { diffSequences } from '../../../lib/diff/sequenceDiff';
import { tokenize } from './tokenize';

export type PredictionMatch = {
  /** Per streamed answer token (tokenize(answer)): is it an accepted prediction token? */
  accepted: boolean[];
  acceptedTokens: number;
  rejectedTokens: number;
};

/**
 * Alignment units: each line cut into tokens from its own start, so an edit on one line does not
 * shift the token boundaries of every line after it.
 */
function units(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let at = 0;
  for (const line of text.split(/(?<=\n)/)) {
    for (const token of tokenize(line)) {
      out.push({ text: token, start: at });
      at += token.length;
    }
  }
  return out;
}

export function matchPrediction(answer: string, prediction: string): PredictionMatch {
  const predicted = units(prediction);
  const produced = units(answer);
  const regions = diffSequences(
    predicted.map((u) => u.text),
    produced.map((u) => u.text),
  );
  // Characters of the answer that lie in matched units.
  const matchedChar = new Uint8Array(answer.length + 1);
  let unmatchedPredicted = 0;
  let previousEnd = 0;
  const markMatched = (from: number, to: number) => {
    for (let u = from; u < to; u++) {
      const unit = produced[u]!;
      matchedChar.fill(1, unit.start, unit.start + unit.text.length);
    }
  };
  for (const region of regions) {
    markMatched(previousEnd, region.newStart);
    previousEnd = region.newEnd;
    unmatchedPredicted += region.oldEnd - region.oldStart;
  }
  markMatched(previousEnd, produced.length);

  let at = 0;
  const accepted = tokenize(answer).map((token) => {
    const ok = matchedChar.subarray(at, at + token.length).every((c) => c === 1);
    at += token.length;
    return ok;
  });
  return {
    accepted,
    acceptedTokens: accepted.filter(Boolean).length,
    rejectedTokens: unmatchedPredicted,
  };
}

/** The prediction's text: a string, or `{type:"text", text}` parts joined. */
export function predictionText(content: string | { type: string; text?: string }[]): string {
  return typeof content === 'string' ? content : content.map((p) => p.text ?? '').join('');
}
