import { describe, expect, it } from 'vitest';
import { ChatStreamParser } from './chatStream';
import { listFixtures, loadFixture } from './sim/replay';
import { FIXTURE_EXPECTATIONS, fold, type Collected } from './testSupport';
import type { ParsedStreamEvent } from './types';

const enc = new TextEncoder();

function parse(pieces: Uint8Array[]): Collected & { events: ParsedStreamEvent[] } {
  const p = new ChatStreamParser();
  const events = [...pieces.flatMap((x) => p.push(x)), ...p.end()];
  return { ...fold(events), events };
}

function expectFixture(name: string, got: Collected): void {
  const { errorIncludes, ...want } = FIXTURE_EXPECTATIONS[name]!;
  expect(got).toMatchObject(want);
  if (errorIncludes) expect(got.streamError).toContain(errorIncludes);
  else expect(got.streamError).toBeNull();
}

const sse = (...chunks: unknown[]) =>
  chunks.map((c) => `data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`).join('');
const delta = (d: unknown, finish: string | null = null) => ({
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

describe('ChatStreamParser over the provider fixtures', () => {
  it('has an expectation for every fixture', () => {
    expect(listFixtures()).toEqual(Object.keys(FIXTURE_EXPECTATIONS).sort());
  });

  for (const name of Object.keys(FIXTURE_EXPECTATIONS)) {
    it(`${name}: whole, split at every byte offset, and byte by byte`, () => {
      const bytes = loadFixture(name)!;
      expectFixture(name, parse([bytes]));
      const whole = JSON.stringify(fold(parse([bytes]).events));
      for (let cut = 1; cut < bytes.length; cut++) {
        const got = parse([bytes.subarray(0, cut), bytes.subarray(cut)]);
        // A cheap comparison per offset; the full assertion only when it differs.
        if (JSON.stringify(fold(got.events)) !== whole) expectFixture(name, got);
      }
      expectFixture(name, parse([...bytes].map((b) => Uint8Array.of(b))));
    });
  }
});

describe('ChatStreamParser quirks', () => {
  it('emits tool-call deltas as fragments arrive and the complete call at finish', () => {
    const text = sse(
      delta({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'read_file', arguments: '' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] }),
      delta({ tool_calls: [{ index: 0, function: { arguments: '"x.ts"}' } }] }),
      delta({}, 'tool_calls'),
      '[DONE]',
    );
    const { events } = parse([enc.encode(text)]);
    expect(events.map((e) => e.type)).toEqual([
      'tool-call-delta',
      'tool-call-delta',
      'tool-call-delta',
      'tool-call',
      'finish',
    ]);
    expect(events[3]).toEqual({
      type: 'tool-call',
      index: 0,
      id: 'a',
      name: 'read_file',
      arguments: '{"path":"x.ts"}',
    });
  });

  it('keeps one call when a provider repeats the name with the same id on each fragment', () => {
    const frag = (args: string) =>
      delta({ tool_calls: [{ index: 0, id: 'same', function: { name: 'f', arguments: args } }] });
    const got = parse([enc.encode(sse(frag('{"a"'), frag(':1}'), delta({}, 'tool_calls'), '[DONE]'))]);
    expect(got.toolCalls).toEqual([{ id: 'same', name: 'f', arguments: '{"a":1}' }]);
  });

  it('accepts object arguments and usage on a chunk with choices null', () => {
    const got = parse([
      enc.encode(
        sse(
          delta({ tool_calls: [{ id: 'o', function: { name: 'f', arguments: { a: 1 } } }] }, 'tool_calls'),
          { choices: null, usage: { prompt_tokens: 2, completion_tokens: 3 } },
          '[DONE]',
        ),
      ),
    ]);
    expect(got.toolCalls).toEqual([{ id: 'o', name: 'f', arguments: '{"a":1}' }]);
    expect(got.usage).toEqual({ promptTokens: 2, completionTokens: 3, totalTokens: 5 });
  });

  it('reports an `event: error` message, even when its data is not JSON', () => {
    expect(parse([enc.encode('event: error\ndata: upstream went away\n\n')]).streamError).toBe('upstream went away');
    const json = 'event: error\ndata: {"error":{"message":"boom","type":"server_error","code":"x"}}\n\n';
    expect(parse([enc.encode(json)]).events).toEqual([
      { type: 'stream-error', message: 'boom', code: 'x', errorType: 'server_error', status: null },
    ]);
  });

  it('reports malformed JSON and stops parsing', () => {
    const got = parse([enc.encode(`data: {"choices":[\n\n${sse(delta({ content: 'late' }))}`)]);
    expect(got.events).toHaveLength(1);
    expect(got.events[0]!.type).toBe('malformed');
  });

  it('ends with finish when the connection closes after finish_reason without [DONE]', () => {
    expect(parse([enc.encode(sse(delta({ content: 'a' }), delta({}, 'stop')))]).finish).toBe('stop');
  });

  it('reports a stream cut before any finish as truncated', () => {
    expect(parse([enc.encode(sse(delta({ content: 'a' })))]).events.at(-1)).toEqual({ type: 'truncated' });
  });

  it('ignores choices other than index 0 and text after [DONE]', () => {
    const text = sse(
      { choices: [{ index: 1, delta: { content: 'other' } }] },
      delta({ content: 'mine' }, 'stop'),
      '[DONE]',
      delta({ content: 'late' }),
    );
    expect(parse([enc.encode(text)]).text).toBe('mine');
  });
});
