import { describe, expect, it } from 'vitest';
import { submitSchema } from '../protocol';
import { answerFollowUp } from './answerFollowUp';

const answer = {
  path: 'src/cart.ts',
  range: { startLine: 22, endLine: 27 },
  question: 'why does this print −$0.05?',
  text: 'It subtracts:\n\n```ts\nreturn Math.max(0, x);\n```\n',
};

describe('answerFollowUp', () => {
  it('"Apply this" is a fast edit of the same range with the answer as context', () => {
    expect(answerFollowUp(answer, 'apply')).toEqual({
      instruction: 'apply this answer: why does this print −$0.05?',
      path: 'src/cart.ts',
      range: { startLine: 22, endLine: 27 },
      lane: 'fast',
      intent: 'edit',
      context: answer.text,
    });
  });

  it('"Do it properly" goes to the strong lane and "Review" to the review lane, both with the answer', () => {
    const run = answerFollowUp(answer, 'run');
    expect(run).toMatchObject({ lane: 'strong', context: answer.text, path: 'src/cart.ts' });
    expect(run.intent).toBeUndefined();
    expect(answerFollowUp(answer, 'review')).toMatchObject({ lane: 'review', context: answer.text });
  });

  it('fits the submit schema however long the question and the answer', () => {
    const long = { ...answer, question: 'q'.repeat(5000), text: 'a'.repeat(30_000) };
    for (const action of ['apply', 'run', 'review'] as const) {
      const parsed = submitSchema.safeParse({ requestId: 'abcdefgh12', ...answerFollowUp(long, action) });
      expect(parsed.success).toBe(true);
    }
  });
});
