// Why: an answer is only words until the person acts on it. "Apply this" makes a fast edit of the
// same range, "Do it properly" a background run with tests, "Review" a review — each one an
// `instruction/submit` that names its lane (no routing guess) and takes the answer along as context.
// Pure, so what each button sends is tested without a page.
import { MAX_INSTRUCTION_CHARS, turnContextSchema, type Lane, type LineRange, type SubmitRequest } from '../protocol';

export type AnswerAction = 'apply' | 'run' | 'review';

/** An answer as the follow-ups need it: live in the panel or recorded in the transcript. */
export type AnsweredQuestion = { path: string; range: LineRange; question: string; text: string };

const LANE: Record<AnswerAction, Lane> = { apply: 'fast', run: 'strong', review: 'review' };

const PREFIX: Record<AnswerAction, string> = {
  apply: 'apply this answer: ',
  run: 'do it properly, with tests, as this answer says: ',
  review: 'review this code in the light of this answer: ',
};

const MAX_CONTEXT_CHARS = turnContextSchema.maxLength ?? 20_000;

/** The submit an action on an answer sends (the caller adds the request id). */
export function answerFollowUp(answer: AnsweredQuestion, action: AnswerAction): Omit<SubmitRequest, 'requestId'> {
  return {
    instruction: `${PREFIX[action]}${answer.question}`.slice(0, MAX_INSTRUCTION_CHARS),
    path: answer.path,
    range: answer.range,
    lane: LANE[action],
    // Stated, so the router's reading of the words cannot turn an "apply" back into a question.
    ...(action === 'apply' ? { intent: 'edit' as const } : {}),
    context: answer.text.slice(0, MAX_CONTEXT_CHARS),
  };
}
