import { describe, expect, it } from 'vitest';
import { abortNow } from './abortNow';

describe('abortNow', () => {
  it('aborts with an AbortError, as abort() does', () => {
    const c = new AbortController();
    abortNow(c);
    expect(c.signal.aborted).toBe(true);
    expect(c.signal.reason).toBeInstanceOf(DOMException);
    expect((c.signal.reason as DOMException).name).toBe('AbortError');
    expect(() => c.signal.throwIfAborted()).toThrow(/aborted/);
  });

  it('takes no stack frames while the listeners run, and restores the limit after', () => {
    const limit = Error.stackTraceLimit;
    const c = new AbortController();
    let made: Error | null = null;
    c.signal.addEventListener('abort', () => {
      made = new Error('made during the abort');
    });
    abortNow(c);
    expect(made!.stack).toBe('Error: made during the abort');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack!.split('\n').length).toBeGreaterThan(1);
  });
});
