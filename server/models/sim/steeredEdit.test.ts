import { describe, expect, it } from 'vitest';
import { formatEditRequest } from '../formats/editRequest';
import { answerEdit } from './rewrites';
import type { SimMessage } from './simRequest';
import { editFromConversation } from './steeredEdit';

const base = {
  instruction: 'rename total to sum',
  path: 'a.ts',
  language: 'typescript',
  code: 'let total = 1;\ntotal += 2;',
  partial: null,
  correction: null,
  intent: 'edit',
  alternative: null,
  context: null,
  firstLine: null,
} as const;
const say = (role: string, content: string): SimMessage => ({ role, content, toolCalls: [], toolCallId: null });

describe('editFromConversation', () => {
  it('reads a plain edit request as it is', () => {
    expect(editFromConversation([say('system', 's'), say('user', formatEditRequest(base))])).toEqual(base);
  });

  it('reads edit, assistant text, <correction> as <partial> and <correction>', () => {
    const steered = [
      say('user', formatEditRequest(base)),
      say('assistant', 'let sum'),
      say('user', '<correction>no, call it amount</correction>'),
    ];
    const edit = editFromConversation(steered)!;
    expect(edit).toEqual({ ...base, partial: 'let sum', correction: 'no, call it amount' });
    expect(answerEdit(edit)).toBe('<restart/>\nlet amount = 1;\namount += 2;');
    // Steered before any token: no assistant message, nothing shown.
    const early = editFromConversation([steered[0]!, steered[2]!])!;
    expect(answerEdit(early)).toBe('let amount = 1;\namount += 2;');
  });

  it('follows several steers: continuations add to what was shown, a restart replaces it', () => {
    const twice = [
      say('user', formatEditRequest(base)),
      say('assistant', 'let s'),
      say('user', '<correction>no, call it sigma</correction>'),
      say('assistant', 'igma = 1;'),
      say('user', '<correction>no, call it amount</correction>'),
    ];
    expect(editFromConversation(twice)).toMatchObject({ partial: 'let sigma = 1;', correction: 'no, call it amount' });
    twice[3] = say('assistant', '<restart/>\nlet sig');
    expect(editFromConversation(twice)).toMatchObject({ partial: 'let sig' });
  });

  it('is not an edit when the correction follows something else', () => {
    expect(editFromConversation([say('user', 'hello'), say('user', '<correction>x</correction>')])).toBeNull();
    expect(editFromConversation([say('user', '<correction>x</correction>')])).toBeNull();
  });
});
