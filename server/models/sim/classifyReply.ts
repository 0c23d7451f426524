// What the simulated model answers to the router's classification request (formats/
// classifyRequest.ts): one word, from a few plain heuristics of its own — review words, then words
// of multi-file or validated work, then the question form, else a local edit. Why its own
// heuristics rather than the router's rules: the simulator stands in for a model that judges the
// words independently; reusing the rules would make the classifier agree with them by construction.
// Deterministic: the same instruction gets the same word.
import type { ClassifierVerdict } from '../../../lib/protocol/route';

const REVIEW = /\b(review|audit|bugs?|correct|race|deadlock|thread-?safe|vulnerab\w*|wrong with)\b/i;
const STRONG =
  /\b(all (the )?files|every (file|module|caller)|across|codebase|project|migrat\w*|upgrade|tests?|modules|crash\w*|root cause)\b/i;
/** "can you …" asks for a change, however it ends. */
const REQUEST = /^(please\s+)?(can|could|would|will)\s+(you|we)\b(?!\s+(please\s+)?(explain|describe|tell))/i;
const QUESTION =
  /^(please\s+)?(what|why|how|when|where|which|who|explain|describe|summari[sz]e|tell me|walk me|is|are|does|do|did|should|can|could|would)\b|\?\s*$/i;

export function classifyReply(instruction: string): ClassifierVerdict {
  const text = instruction.trim();
  if (REVIEW.test(text)) return 'review';
  if (STRONG.test(text)) return 'strong';
  if (!REQUEST.test(text) && QUESTION.test(text) && !/^why not\b|^how about\b/i.test(text)) return 'fast-answer';
  return 'fast-edit';
}
