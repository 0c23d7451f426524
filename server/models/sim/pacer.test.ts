import { describe, expect, it } from 'vitest';
import { dueTimes } from './pacer';
import type { Step } from './pacer';
import { tokenize } from './tokenize';

const write = (tokens: number): Step => ({ kind: 'write', data: '', tokens });

describe('tokenize', () => {
  it('cuts ~4-character tokens without splitting surrogate pairs', () => {
    expect(tokenize('const total = 0;')).toEqual(['cons', 't to', 'tal ', '= 0;']);
    expect(tokenize('a💶bcdé')).toEqual(['a💶bc', 'dé']);
    expect(tokenize('').length).toBe(0);
  });
});

describe('dueTimes', () => {
  it('puts the first token at TTFT and the rest 1/tps apart', () => {
    const due = dueTimes(
      [write(0), write(1), write(1), write(2), write(0)],
      { ttftMs: 50, tokensPerSecond: 100, jitter: 0, chunkTokens: 1 },
      1,
    );
    expect(due).toEqual([50, 50, 60, 80, 80]);
  });

  it('jitters deterministically around the rate', () => {
    const profile = { ttftMs: 0, tokensPerSecond: 1000, jitter: 0.5, chunkTokens: 1 };
    const steps = Array.from({ length: 1001 }, () => write(1));
    const a = dueTimes(steps, profile, 42);
    expect(dueTimes(steps, profile, 42)).toEqual(a);
    expect(dueTimes(steps, profile, 43)).not.toEqual(a);
    expect(a.at(-1)!).toBeGreaterThan(900);
    expect(a.at(-1)!).toBeLessThan(1100);
    expect(a.every((t, i) => i === 0 || t >= a[i - 1]!)).toBe(true);
  });
});
