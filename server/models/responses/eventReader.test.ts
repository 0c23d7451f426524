// The Responses event reader, event by event: what each server event becomes, how a steered
// response hands over to its successor, and which events end a call as malformed or failed.
import { describe, expect, it } from 'vitest';
import { fold } from '../testSupport';
import type { ParsedStreamEvent } from '../types';
import { ResponsesEventReader } from './eventReader';
import {
  completed,
  created,
  incomplete,
  messageItem,
  textDelta,
  textEvents,
  toolEvents,
} from './testing/responsesEvents';

function read(events: unknown[]): ParsedStreamEvent[] {
  const reader = new ResponsesEventReader();
  return events.flatMap((e) => reader.read(e));
}
const types = (events: ParsedStreamEvent[]) => events.map((e) => e.type);
const accepted = { type: 'response.steer.accepted', steer: { id: 'steer_1', previous_response_id: 'resp_1' } };
const steerFailed = (code: string) => ({
  type: 'response.steer.failed',
  steer: { previous_response_id: 'resp_1', input: 'x' },
  error: { type: 'invalid_request_error', code, message: 'no can do' },
});

describe('ResponsesEventReader', () => {
  it('reads a text answer, skipping unknown response.* events and extra fields', () => {
    const events = read(textEvents('resp_1', ['Hé', 'llo'], { input: 12, output: 4, cached: 8 }));
    expect(events[0]).toEqual({ type: 'response-created', id: 'resp_1', previousResponseId: null });
    expect(fold(events)).toMatchObject({
      text: 'Héllo',
      finish: 'stop',
      usage: { promptTokens: 12, completionTokens: 4, totalTokens: 16, cachedTokens: 8 },
    });
    expect(types(events).slice(-2)).toEqual(['usage', 'finish']);
  });

  it('assembles tool calls from argument pieces, or from output_item.done alone', () => {
    const calls = [
      { itemId: 'fc_1', callId: 'call_a', name: 'read_file', pieces: ['{"pa', 'th":"ü', '.ts"}'] },
      { itemId: 'fc_2', callId: 'call_b', name: 'search', pieces: [] },
    ];
    const args = ['{"path":"ü.ts"}', '{"query":"x"}'];
    const events = read(toolEvents('resp_1', calls, args));
    expect(fold(events).toolCalls).toEqual([
      { id: 'call_a', name: 'read_file', arguments: args[0] },
      { id: 'call_b', name: 'search', arguments: args[1] },
    ]);
    expect(fold(events).finish).toBe('tool_calls');
    const deltas = events.filter((e) => e.type === 'tool-call-delta').map((e) => e.argumentsDelta);
    expect(deltas.join('')).toBe(args[0]);
  });

  it('emits a call that never got its output_item.done at the finish', () => {
    const events = read([
      created('r'),
      { type: 'response.output_item.added', item: { id: 'fc', type: 'function_call', call_id: 'c', name: 'n' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc', delta: '{}' },
      completed('r'),
    ]);
    expect(fold(events).toolCalls).toEqual([{ id: 'c', name: 'n', arguments: '{}' }]);
  });

  it('follows a steer that interrupts the response into its successor', () => {
    const events = read([
      created('resp_1'),
      messageItem('m1'),
      textDelta('m1', 'a'),
      accepted,
      incomplete('resp_1', 'steered', { input: 10, output: 1, cached: 0 }),
      created('resp_2', 'resp_1'),
      messageItem('m2'),
      textDelta('m2', 'b'),
      completed('resp_2', { input: 12, output: 2, cached: 10 }),
    ]);
    expect(types(events)).toEqual([
      'response-created',
      'text',
      'steer',
      'steered',
      'response-created',
      'text',
      'usage',
      'finish',
    ]);
    expect(fold(events).usage).toEqual({ promptTokens: 12, completionTokens: 3, totalTokens: 15, cachedTokens: 10 });
  });

  it('does not finish on a completed that comes between an accepted steer and its successor', () => {
    const reader = new ResponsesEventReader();
    const before = [created('resp_1'), messageItem('m1'), textDelta('m1', 'a'), accepted, completed('resp_1')];
    expect(types(before.flatMap((e) => reader.read(e)))).toEqual(['response-created', 'text', 'steer', 'steered']);
    expect(reader.done).toBe(false);
    const after = [created('resp_2', 'resp_1'), messageItem('m2'), textDelta('m2', 'b'), completed('resp_2')];
    expect(types(after.flatMap((e) => reader.read(e)))).toEqual(['response-created', 'text', 'usage', 'finish']);
  });

  it('a failed steer leaves the response running; failing after the end finishes it', () => {
    expect(types(read([created('r'), accepted, steerFailed('response_not_active'), completed('r')]))).toEqual([
      'response-created',
      'steer',
      'steer',
      'usage',
      'finish',
    ]);
    const late = read([created('r'), accepted, completed('r'), steerFailed('successor_creation_failed')]);
    expect(types(late)).toEqual(['response-created', 'steer', 'steered', 'steer', 'usage', 'finish']);
    expect(late[3]).toEqual({ type: 'steer', status: 'failed', message: 'no can do (successor_creation_failed)' });
    expect(fold(late).finish).toBe('stop');
  });

  it('ends the call when the successor of a steered response cannot be created', () => {
    const events = read([created('r'), accepted, incomplete('r', 'steered'), steerFailed('successor_creation_failed')]);
    expect(types(events)).toEqual(['response-created', 'steer', 'steered', 'steer', 'finish']);
  });

  it('ends the call when a steer waits for a tool result (steer.pending after the end)', () => {
    const pending = { type: 'response.steer.pending', reason: 'waiting_for_required_input', required_input: [] };
    const events = read([created('r'), accepted, completed('r'), pending]);
    expect(types(events)).toEqual(['response-created', 'steer', 'steered', 'steer', 'usage', 'finish']);
  });

  it('maps incomplete reasons and failures', () => {
    expect(fold(read([created('r'), incomplete('r', 'max_output_tokens')])).finish).toBe('length');
    expect(fold(read([created('r'), incomplete('r', 'content_filter')])).finish).toBe('content_filter');
    const failed = read([
      created('r'),
      { type: 'response.failed', response: { id: 'r', error: { code: 'server_error', message: 'boom' } } },
    ]);
    expect(failed.at(-1)).toMatchObject({ type: 'stream-error', code: 'server_error', message: 'boom' });
    const ws = read([
      { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'x', message: 'm' } },
    ]);
    expect(ws).toEqual([
      { type: 'stream-error', code: 'x', message: 'm', errorType: 'invalid_request_error', status: 400 },
    ]);
    const flat = read([{ type: 'error', code: 'rate_limit_exceeded', message: 'slow down' }]);
    expect(flat[0]).toMatchObject({ type: 'stream-error', code: 'rate_limit_exceeded', message: 'slow down' });
  });

  it.each([
    ['an unknown item', [created('r'), messageItem('m'), textDelta('m9', 'x')]],
    ['a missing type', [created('r'), { delta: 'x' }]],
    ['a non-object', [created('r'), 42]],
    ['an unknown non-response type', [created('r'), { type: 'session.updated' }]],
    ['created without id', [{ type: 'response.created', response: {} }]],
    [
      'arguments for no call',
      [created('r'), { type: 'response.function_call_arguments.delta', item_id: 'f', delta: '' }],
    ],
  ])('is malformed on %s, and ignores what follows', (_name, events) => {
    const reader = new ResponsesEventReader();
    const out = events.flatMap((e) => reader.read(e));
    expect(out.at(-1)?.type).toBe('malformed');
    expect(reader.done).toBe(true);
    expect(reader.read(completed('r'))).toEqual([]);
  });
});
