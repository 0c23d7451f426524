// Why: the warm-up must run the real prompt and output code to the end (a made-up answer in a
// fence comes out as the rewrite a turn would show), and must not depend on anything outside it.
import { describe, expect, it } from 'vitest';
import { warmTurnCode } from './warmTurnCode';

describe('warmTurnCode', () => {
  it('runs a made-up answer through the output filter to the rewrite a turn would show', () => {
    const text = warmTurnCode();
    expect(text.startsWith('/** Adds two numbers. */\nexport function add(')).toBe(true);
    expect(text).not.toContain('```');
    expect(warmTurnCode()).toBe(text);
  });
});
