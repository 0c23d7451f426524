import { describe, expect, it } from 'vitest';
import { OutputCapture, truncateMiddle } from './outputCapture';

describe('OutputCapture', () => {
  it('keeps everything under the cap', () => {
    const c = new OutputCapture(100);
    c.push('hello ');
    c.push('world');
    expect(c.text()).toBe('hello world');
    expect(c.truncated).toBe(false);
  });

  it('keeps the first quarter and the last three quarters, and says how much it dropped', () => {
    const c = new OutputCapture(40);
    for (let i = 0; i < 100; i++) c.push(String(i % 10));
    expect(c.truncated).toBe(true);
    expect(c.text()).toBe(`0123456789\n[… 60 characters of output omitted (cap 40) …]\n012345678901234567890123456789`);
  });

  it('truncateMiddle leaves short text alone', () => {
    expect(truncateMiddle('abc', 10)).toEqual({ text: 'abc', truncated: false });
    expect(truncateMiddle('x'.repeat(50), 8).truncated).toBe(true);
  });
});
