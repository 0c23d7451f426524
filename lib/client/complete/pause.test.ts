import { describe, expect, it } from 'vitest';
import { PAUSE_DEFAULT_MS, PAUSE_MAX_MS, PAUSE_MIN_MS, pauseBeforeAsking, typingGap } from './pause';

describe('pauseBeforeAsking', () => {
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
