import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../formats/classifyRequest';
import { classifyReply } from './classifyReply';
import { respond } from './respond';
import type { SimRequest } from './simRequest';

describe('the simulated model classifies', () => {
  it('questions as answers, requests and plain instructions as edits', () => {
    expect(classifyReply('this returns -1 for an empty list?')).toBe('fast-answer');
    expect(classifyReply('does this handle an empty cart')).toBe('fast-answer');
    expect(classifyReply('what if the list is empty?')).toBe('fast-answer');
    expect(classifyReply('can you explain this?')).toBe('fast-answer');
    expect(classifyReply('can you flatten this?')).toBe('fast-edit');
    expect(classifyReply('why not use a map here?')).toBe('fast-edit');
    expect(classifyReply('less nesting')).toBe('fast-edit');
  });

  it('review and background work by their words', () => {
    expect(classifyReply('anything wrong with this?')).toBe('review');
    expect(classifyReply('any bugs here?')).toBe('review');
    expect(classifyReply('same thing across the codebase')).toBe('strong');
    expect(classifyReply('and the tests')).toBe('strong');
  });

  it('answers a classify request with one word, deterministically', () => {
    const request = classifyRequest('what is this for?');
    const sim: SimRequest = {
      model: 'sim-fast',
      stream: false,
      includeUsage: false,
      messages: request.messages.map((m) => ({
        role: m.role,
        content: typeof m.content === 'string' ? m.content : '',
        toolCalls: [],
        toolCallId: null,
      })),
      toolNames: [],
      parallelToolCalls: true,
      prediction: null,
    };
    const reply = respond(sim);
    expect(reply).toMatchObject({ kind: 'text', text: 'fast-answer' });
    expect(respond(sim)).toEqual(reply);
  });
});
