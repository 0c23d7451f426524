import { describe, expect, it } from 'vitest';
import { choiceTexts } from './choices';

describe('choiceTexts', () => {
  it('reads fill-in-the-middle choices in index order, dropping empty and repeated ones', () => {
    const body = {
      choices: [
        { index: 2, text: 'teTotal' },
        { index: 0, text: 'teTotal(prices);' },
        { index: 1, text: 'teTotal(prices);' },
        { index: 3, text: '' },
      ],
    };
    expect(choiceTexts(body, 'fim', '')).toEqual(['teTotal(prices);', 'teTotal']);
  });

  it('reads chat choices without their fence, and one choice from a model that ignores n', () => {
    const body = { choices: [{ index: 0, message: { content: '```ts\nteTotal(prices)\n```' } }] };
    expect(choiceTexts(body, 'chat', ';\n')).toEqual(['teTotal(prices)']);
  });

  it('keeps each candidate within the line limit', () => {
    const long = Array.from({ length: 10 }, (_, i) => `line${i}`).join('\n');
    expect(choiceTexts({ choices: [{ text: long }] }, 'fim', '')![0]!.split('\n')).toHaveLength(6);
  });

  it('is null for what is not a completion answer', () => {
    expect(choiceTexts(undefined, 'fim', '')).toBeNull();
    expect(choiceTexts({ error: { message: 'x' } }, 'chat', '')).toBeNull();
  });
});
