import { describe, expect, it } from 'vitest';
import {
  choosePause,
  laneTtft,
  PAUSE_DEFAULT_MS,
  PAUSE_MAX_MS,
  PAUSE_MIN_MS,
  pauseBeforeAsking,
  typingGap,
} from './pause';

describe('pauseBeforeAsking (the rhythm rule)', () => {
  it('uses the default until the rhythm is known', () => {
    expect(pauseBeforeAsking([], 'a')).toBe(PAUSE_DEFAULT_MS);
    expect(pauseBeforeAsking([80, 90], 'a')).toBe(PAUSE_DEFAULT_MS);
  });

  it("follows the person's typing gap, ignoring pauses", () => {
    expect(typingGap([100, 5000, 120, 110, 90])).toBe(110);
    expect(pauseBeforeAsking([100, 120, 110, 90], 'a')).toBe(165);
    expect(pauseBeforeAsking([40, 50, 45], 'a')).toBe(68);
  });

  it('asks sooner after a boundary character, within bounds', () => {
    expect(pauseBeforeAsking([100, 120, 110], '.')).toBe(83);
    expect(pauseBeforeAsking([5, 5, 5], 'a')).toBe(PAUSE_MIN_MS);
    expect(pauseBeforeAsking([500, 500, 500], 'a')).toBe(PAUSE_MAX_MS);
  });
});

describe('laneTtft', () => {
  it('is the middle of the last few TTFTs measured, null before any', () => {
    expect(laneTtft([])).toBeNull();
    expect(laneTtft([70])).toBe(70);
    expect(laneTtft([900, 60, 65, 400, 70, 62])).toBe(65);
  });
});

describe('choosePause', () => {
  const typing90 = [90, 92, 88, 90];

  it('asks at once when the lane answers faster than the person types', () => {
    expect(choosePause(typing90, 'a', [60, 64, 70])).toEqual({ ms: 0, rule: 'ttft' });
  });

  it('keeps the rhythm pause when the model is slower than the typing gap', () => {
    expect(choosePause(typing90, 'a', [150, 160])).toEqual({ ms: 135, rule: 'rhythm' });
    expect(choosePause(typing90, 'a', [90])).toEqual({ ms: 135, rule: 'rhythm' });
  });

  it('keeps the rhythm pause until both the rhythm and the TTFT are known', () => {
    expect(choosePause(typing90, '.', [])).toEqual({ ms: 68, rule: 'rhythm' });
    expect(choosePause([90], 'a', [10])).toEqual({ ms: PAUSE_DEFAULT_MS, rule: 'rhythm' });
  });

  it('follows the recent TTFTs: one slow answer among fast ones does not switch the rule', () => {
    expect(choosePause(typing90, 'a', [60, 60, 900])).toEqual({ ms: 0, rule: 'ttft' });
    expect(choosePause(typing90, 'a', [60, 900, 900])).toEqual({ ms: 135, rule: 'rhythm' });
  });
});
