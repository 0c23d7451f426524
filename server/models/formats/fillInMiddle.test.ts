import { describe, expect, it } from 'vitest';
import { cleanChatFill, formatFimChat, parseFimChat } from './fillInMiddle';

describe('the fill-in-the-middle chat prompt', () => {
  it('round-trips the context, even code that contains the tags', () => {
    const context = {
      path: 'src/a (copy).ts',
      language: 'typescript',
      prefix: 'const a = "</before_cursor>";\nconst b = ',
      suffix: '\n<after_cursor>\nexport {};\n',
    };
    const messages = formatFimChat(context);
    expect(messages[0]!.role).toBe('system');
    expect(parseFimChat(messages[1]!.content as string)).toEqual(context);
  });

  it('is not fooled by other requests', () => {
    expect(parseFimChat('rename x to y')).toBeNull();
    expect(parseFimChat('Fill in the code at the cursor.\nFile: a.ts (ts)\nno tags')).toBeNull();
  });

  it("cleans a chat model's answer: a fence, and a tail the suffix already has", () => {
    expect(cleanChatFill('```ts\nfoo(1)\n```', '')).toBe('foo(1)');
    expect(cleanChatFill('foo(1));', ');\n')).toBe('foo(1)');
    expect(cleanChatFill('  bar', '')).toBe('  bar');
  });
});
