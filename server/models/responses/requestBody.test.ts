// The chat-shaped request mapped to the Responses API's body, and the chain's bookkeeping of what a
// connection already holds (which turn may continue with `previous_response_id`, and with what).
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../types';
import { inputItems, responsesFields, responsesHttpBody, steerEvent } from './requestBody';
import { ResponseChain } from './responseChain';

const call = { id: 'call_1', type: 'function' as const, function: { name: 'read_file', arguments: '{"path":"a"}' } };
const TURN1: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'system', content: 'Use tools.' },
  { role: 'user', content: 'read a' },
];
const ANSWER: ChatMessage = { role: 'assistant', content: null, tool_calls: [call] };
const RESULT: ChatMessage = { role: 'tool', tool_call_id: 'call_1', content: 'file a' };
const TURN2 = [...TURN1, ANSWER, RESULT];

describe('responsesFields / inputItems', () => {
  it('maps system messages to instructions and the rest to input items', () => {
    const request: ChatRequest = {
      messages: [...TURN2, { role: 'assistant', content: 'done' }],
      tools: [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object' } } }],
      toolChoice: 'auto',
      temperature: 0,
      maxTokens: 100,
      prediction: 'ignored',
      headers: { 'x-ignored': '1' },
    };
    expect(responsesFields('m', request, { previousResponseId: null, newMessages: request.messages })).toEqual({
      model: 'm',
      instructions: 'Be brief.\n\nUse tools.',
      input: [
        { type: 'message', role: 'user', content: 'read a' },
        { type: 'function_call', call_id: 'call_1', name: 'read_file', arguments: '{"path":"a"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'file a' },
        { type: 'message', role: 'assistant', content: 'done' },
      ],
      tools: [{ type: 'function', name: 'read_file', parameters: { type: 'object' } }],
      tool_choice: 'auto',
      temperature: 0,
      max_output_tokens: 100,
      store: false,
    });
  });

  it('sends instructions on a chained turn with only the new items', () => {
    const fields = responsesFields('m', { messages: TURN2 }, { previousResponseId: 'resp_1', newMessages: [RESULT] });
    expect(fields).toMatchObject({ instructions: 'Be brief.\n\nUse tools.', previous_response_id: 'resp_1' });
    expect(fields.input).toEqual(inputItems([RESULT]));
  });

  it('adds stream:true over HTTP and never a chain; steers are plain events', () => {
    const body = JSON.parse(responsesHttpBody('m', { messages: [{ role: 'user', content: 'hi' }] })) as object;
    expect(body).toEqual({
      model: 'm',
      input: [{ type: 'message', role: 'user', content: 'hi' }],
      store: false,
      stream: true,
    });
    expect(JSON.parse(steerEvent('resp_9', 'x'))).toEqual({
      type: 'response.steer',
      previous_response_id: 'resp_9',
      input: 'x',
    });
  });
});

describe('ResponseChain', () => {
  const socketA = {};
  const socketB = {};

  it('continues a recorded turn on the same connection with only what came after the answer', () => {
    const chain = new ResponseChain();
    expect(chain.plan(TURN1, socketA)).toEqual({ previousResponseId: null, newMessages: TURN1 });
    chain.record(TURN1, 'resp_1', socketA);
    expect(chain.holder).toBe(socketA);
    expect(chain.plan(TURN2, socketA)).toEqual({ previousResponseId: 'resp_1', newMessages: [RESULT] });
  });

  it('starts anew on another connection, a rewritten history, a missing answer, or after a reset', () => {
    const chain = new ResponseChain();
    chain.record(TURN1, 'resp_1', socketA);
    expect(chain.plan(TURN2, socketB).previousResponseId).toBeNull();
    const rewritten = [TURN1[0]!, TURN1[1]!, { role: 'user' as const, content: 'read b' }, ANSWER, RESULT];
    expect(chain.plan(rewritten, socketA).previousResponseId).toBeNull();
    expect(chain.plan([...TURN1, RESULT, RESULT], socketA).previousResponseId).toBeNull();
    expect(chain.plan([...TURN1, ANSWER], socketA).previousResponseId).toBeNull();
    chain.reset();
    expect(chain.plan(TURN2, socketA)).toEqual({ previousResponseId: null, newMessages: TURN2 });
  });
});
