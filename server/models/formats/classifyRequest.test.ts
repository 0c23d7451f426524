import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyRequest, parseClassifyReply, parseClassifyRequest } from './classifyRequest';

describe('classify request format', () => {
  it('is a system prompt naming the four answers and the instruction in <classify>, with room for one word', () => {
    const request = classifyRequest('what is this for?');
    expect(request.messages[0].role).toBe('system');
    for (const word of ['fast-edit', 'fast-answer', 'strong', 'review'])
      expect(request.messages[0].content).toContain(word);
    expect(request.messages[1]).toEqual({ role: 'user', content: '<classify>what is this for?</classify>' });
    expect(request.maxTokens).toBeLessThanOrEqual(8);
  });

  it('round-trips any instruction, tags inside it included', () => {
    fc.assert(
      fc.property(fc.string(), (instruction) => {
        expect(parseClassifyRequest(classifyRequest(instruction).messages[1].content as string)).toBe(instruction);
      }),
    );
    expect(parseClassifyRequest('<classify>say </classify> twice</classify>')).toBe('say </classify> twice');
    expect(parseClassifyRequest('<instruction>rename</instruction>')).toBeNull();
  });

  it('reads the verdict from a real model’s reply, with case, punctuation, a fence or a preamble', () => {
    expect(parseClassifyReply('fast-answer')).toBe('fast-answer');
    expect(parseClassifyReply(' Fast-Edit.\n')).toBe('fast-edit');
    expect(parseClassifyReply('```\nreview\n```')).toBe('review');
    expect(parseClassifyReply('Answer: strong')).toBe('strong');
    expect(parseClassifyReply('review. review!')).toBe('review');
  });

  it('refuses a reply that names no verdict, or more than one', () => {
    expect(parseClassifyReply('')).toBeNull();
    expect(parseClassifyReply('fast')).toBeNull();
    expect(parseClassifyReply('edit')).toBeNull();
    expect(parseClassifyReply('fast-edit or review')).toBeNull();
    expect(parseClassifyReply('strongly fast-answer-ish')).toBeNull();
  });
});
