// Why: per-token lag lines the simulator's chunks up with the client's receipts; an off-by-one here
// would shift every delivery and scale row.
import { describe, expect, it } from 'vitest';
import { arrivals, tokenEnds, tokenLags, tokenSendTimes } from './tokenLag';

describe('tokenSendTimes', () => {
  it('gives every token of a chunk the chunk time and skips empty chunks', () => {
    const chunks = [
      { at: 1, due: 1, bytes: 10, tokens: 0 },
      { at: 2, due: 2, bytes: 10, tokens: 2 },
      { at: 5, due: 5, bytes: 10, tokens: 1 },
    ];
    expect(tokenSendTimes(chunks)).toEqual([2, 2, 5]);
  });
});

describe('tokenEnds', () => {
  it('ends each four-character token at its last character that is not a line end', () => {
    // tokens: "abcd" "ef\n\n" "\n\n\n\n" "gh"
    expect(tokenEnds('abcdef\n\n\n\n\n\ngh')).toEqual([4, 6, null, 14]);
  });
});

describe('arrivals', () => {
  it('finds the first receipt holding each target', () => {
    const receipts = [
      { at: 10, length: 3 },
      { at: 20, length: 8 },
      { at: 30, length: 12 },
    ];
    expect(arrivals([2, 4, null, 8, 12, 13], receipts)).toEqual([10, 20, null, 20, 30, null]);
  });
});

describe('tokenLags', () => {
  it('subtracts send from arrival per token', () => {
    const chunks = [
      { at: 0, due: 0, bytes: 1, tokens: 1 },
      { at: 1, due: 1, bytes: 1, tokens: 1 },
    ];
    expect(
      tokenLags('abcdefgh', chunks, [
        { at: 0.5, length: 4 },
        { at: 3, length: 8 },
      ]),
    ).toEqual([0.5, 2]);
  });
  it('refuses an answer that does not match what the sim sent', () => {
    expect(() => tokenLags('abcdefgh', [{ at: 0, due: 0, bytes: 1, tokens: 1 }], [])).toThrow(/cannot line them up/);
  });
});
