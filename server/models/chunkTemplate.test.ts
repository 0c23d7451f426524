import { describe, expect, it } from 'vitest';
import { ChatStreamParser } from './chatStream';
import { ChunkTemplate, plainContent } from './chunkTemplate';
import { joinText } from './httpTransport';
import type { ParsedStreamEvent } from './types';

const envelope = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  system_fingerprint: 'fp',
};
const chunk = (content: unknown, extra: Record<string, unknown> = {}, finish: string | null = null) =>
  JSON.stringify({
    ...envelope,
    choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: finish }],
    ...extra,
  });

/** The parser's events for these `data:` payloads, each sent as its own read. */
function parseEach(payloads: string[]): ParsedStreamEvent[] {
  const p = new ChatStreamParser();
  return payloads.flatMap((d) => p.push(new TextEncoder().encode(`data: ${d}\n\n`)));
}

describe('ChunkTemplate', () => {
  it('reads a chunk like the learnt one without parsing, and only such a chunk', () => {
    const t = new ChunkTemplate();
    t.learn(chunk(' limit'), ' limit');
    expect(t.match(chunk(' cap'))).toBe(' cap');
    expect(t.match(chunk(''))).toBe('');
    expect(t.match(chunk('a\nb'))).toBeNull(); // an escape: parsed
    expect(t.match(chunk('say "x"'))).toBeNull();
    expect(t.match(chunk(' cap', {}, 'stop'))).toBeNull();
    expect(t.match(chunk(' cap', { usage: { prompt_tokens: 1 } }))).toBeNull();
    expect(t.match(JSON.stringify({ ...envelope, id: 'other', choices: [] }))).toBeNull();
  });

  it('does not learn from a chunk whose content marker is not the delta’s content', () => {
    const t = new ChunkTemplate();
    const twice = JSON.stringify({
      ...envelope,
      note: { content: 'x' },
      choices: [{ index: 0, delta: { content: 'x' } }],
    });
    t.learn(twice, 'x');
    expect(t.match(twice)).toBeNull();
    const elsewhere = JSON.stringify({ ...envelope, message: { content: 'x' }, choices: [{ index: 0, delta: {} }] });
    t.learn(elsewhere, 'x');
    expect(t.match(elsewhere)).toBeNull();
  });

  it('plainContent accepts text for choice 0 only', () => {
    expect(plainContent(JSON.parse(chunk('a')))).toBe('a');
    expect(plainContent(JSON.parse(chunk('')))).toBeNull();
    expect(plainContent(JSON.parse(chunk('a', {}, 'stop')))).toBeNull();
    expect(plainContent(JSON.parse(chunk('a', { usage: { prompt_tokens: 1 } })))).toBeNull();
    expect(plainContent({ choices: [{ index: 1, delta: { content: 'a' } }] })).toBeNull();
    expect(plainContent({ choices: [{ index: 0, delta: { content: 'a', tool_calls: [] } }] })).toBeNull();
  });

  it('gives the parser exactly the events JSON.parse gives, over a mixed stream', () => {
    const payloads = [
      chunk(''),
      chunk(' limit'),
      chunk(' cap'),
      chunk(';\n'),
      chunk('é "q"'),
      chunk(' x', { obfuscation: 'abc' }),
      chunk(' y'),
      chunk('', {}, 'stop'),
      JSON.stringify({ ...envelope, choices: [], usage: { prompt_tokens: 3, completion_tokens: 5 } }),
      '[DONE]',
    ];
    expect(parseEach(payloads)).toEqual([
      { type: 'text', text: ' limit' },
      { type: 'text', text: ' cap' },
      { type: 'text', text: ';\n' },
      { type: 'text', text: 'é "q"' },
      { type: 'text', text: ' x' },
      { type: 'text', text: ' y' },
      { type: 'usage', usage: { promptTokens: 3, completionTokens: 5, totalTokens: 8 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });
});

describe('joinText', () => {
  it('joins adjacent text events of one read and keeps everything else in order', () => {
    const t = (text: string): ParsedStreamEvent => ({ type: 'text', text });
    const finish: ParsedStreamEvent = { type: 'finish', reason: 'stop' };
    expect(joinText([t('a')])).toEqual([t('a')]);
    expect(joinText([t('a'), t('b'), t('c')])).toEqual([t('abc')]);
    expect(joinText([t('a'), t('b'), finish, t('c')])).toEqual([t('ab'), finish, t('c')]);
    expect(joinText([])).toEqual([]);
  });
});
