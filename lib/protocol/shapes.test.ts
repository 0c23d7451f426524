// The shared request shapes: one instruction schema whose empty-message each lane words itself,
// one line-range schema, and each lane's own bound on a range refused in that lane's words.
import { describe, expect, it } from 'vitest';
import { fastStartSchema, MAX_FAST_RANGE_LINES } from './fast';
import { MAX_REVIEW_LINES, reviewStartSchema } from './review';
import { runStartSchema } from './runs';
import { instructionSchema, lineRangeSchema, MAX_INSTRUCTION_CHARS } from './shapes';

type Parsed = { success: boolean; error?: { issues: { message: string }[] } };
const firstMessage = (r: Parsed) => r.error?.issues[0]?.message;

describe('request shapes', () => {
  it('trims an instruction, refuses an empty one in the words given, and a long one', () => {
    const schema = instructionSchema('say what to do');
    expect(schema.parse('  fix it \n')).toBe('fix it');
    expect(firstMessage(schema.safeParse('   '))).toBe('say what to do');
    const long = schema.safeParse('x'.repeat(MAX_INSTRUCTION_CHARS + 1));
    expect(firstMessage(long)).toMatch(/longer than 4000 characters/);
    expect(firstMessage(runStartSchema.safeParse({ instruction: ' ' }))).toMatch(/say what the run should do/);
  });

  it('takes a line range whose end is not before its start', () => {
    expect(lineRangeSchema.safeParse({ startLine: 3, endLine: 3 }).success).toBe(true);
    const backwards = lineRangeSchema.safeParse({ startLine: 3, endLine: 2 });
    expect(firstMessage(backwards)).toMatch(/endLine must not be before startLine/);
    expect(lineRangeSchema.safeParse({ startLine: 0, endLine: 2 }).success).toBe(false);
  });

  it("bounds a range by each lane's own limit, refused in that lane's words", () => {
    const ask = (endLine: number) => ({ path: 'a.ts', range: { startLine: 1, endLine }, instruction: 'x' });
    const fast = (endLine: number) => fastStartSchema.safeParse(ask(endLine));
    const review = (endLine: number) => reviewStartSchema.safeParse(ask(endLine));
    expect(fast(MAX_FAST_RANGE_LINES).success).toBe(true);
    expect(firstMessage(fast(MAX_FAST_RANGE_LINES + 1))).toMatch(/a fast edit covers at most 2000 lines/);
    expect(review(MAX_FAST_RANGE_LINES + 1).success).toBe(true);
    expect(review(MAX_REVIEW_LINES).success).toBe(true);
    expect(firstMessage(review(MAX_REVIEW_LINES + 1))).toBe(
      `a review reads at most ${MAX_REVIEW_LINES} lines at once: select a part of it`,
    );
  });
});
