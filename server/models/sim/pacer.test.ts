import { describe, expect, it } from 'vitest';
import { dueTimes, firstTokenMs } from './pacer';
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

describe('prefill and predicted tokens', () => {
  const profile = { ttftMs: 50, tokensPerSecond: 100, jitter: 0, predictionSpeedup: 4 };

  it('starts after TTFT plus the uncached input at the prefill rate, or after continueMs for a successor', () => {
    const timing = { ttftMs: 50, continueMs: 5, prefillTokensPerSecond: 1000 };
    expect(firstTokenMs(timing, 200)).toBe(250);
    expect(firstTokenMs(timing, 20, true)).toBe(25);
    expect(dueTimes([write(1), write(1)], profile, 1, 250)).toEqual([250, 260]);
  });

  it('brings accepted prediction tokens predictionSpeedup times closer together', () => {
    const accepted = (tokens: number, n: number): Step => ({ kind: 'write', data: '', tokens, accepted: n });
    expect(dueTimes([write(1), accepted(2, 2), accepted(2, 1), write(1)], profile, 1)).toEqual([50, 55, 67.5, 77.5]);
  });
});
