import { describe, expect, it } from 'vitest';
import { cutFill } from './completionsHttp';

describe('cutFill', () => {
  it('cuts at the first stop sequence and at max_tokens (4 characters a token)', () => {
    expect(cutFill('abc\n\ndef', ['\n\n'], null)).toEqual({ text: 'abc', finish: 'stop' });
    expect(cutFill('abcdefghij', [], 2)).toEqual({ text: 'abcdefgh', finish: 'length' });
    expect(cutFill('abc', [''], 5)).toEqual({ text: 'abc', finish: 'stop' });
  });
});
