import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOOL_DEFINITIONS } from '../formats/agentTools';
import { startSimServer, type SimServer } from './server';
import { countTokens } from './tokenize';
import { code, edit } from './testEdits';

let sim: SimServer;
beforeAll(async () => {
  sim = await startSimServer({ profiles: { 'sim-fast': { ttftMs: 0, tokensPerSecond: 20_000, jitter: 0 } } });
});
afterAll(() => sim.close());

type Event = { type: string; sequence_number: number; [key: string]: unknown };
const tools = AGENT_TOOL_DEFINITIONS.map((t) => ({ type: 'function', ...t.function }));

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${sim.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** The events of a Responses SSE body; checks that each `event:` line names its data's type. */
function events(sse: string): Event[] {
  return sse
    .split('\n\n')
    .filter((e) => e !== '')
    .map((e) => {
      const [, name, data] = /^event: (.*)\ndata: (.*)$/s.exec(e)!;
      const event = JSON.parse(data!) as Event;
      expect(event.type).toBe(name);
      return event;
    });
}

async function chatText(messages: unknown[], extra: object = {}) {
  const res = await post('/chat/completions', { model: 'sim-fast', messages, ...extra });
  return JSON.parse(res.text) as { choices: { message: { content: string | null; tool_calls?: unknown[] } }[] };
}

describe('simulated Responses API over HTTP', () => {
  it('streams an edit as numbered events, in order, with the same text chat completions give', async () => {
    const res = await post('/responses', { model: 'sim-fast', input: edit(), stream: true });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.text).not.toContain('[DONE]');
    const all = events(res.text);
    expect(all.map((e) => e.sequence_number)).toEqual(all.map((_, i) => i));
    const types = all.map((e) => e.type);
    const deltas = all.filter((e) => e.type === 'response.output_text.delta');
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...deltas.map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const text = deltas.map((e) => e.delta).join('');
    const chat = await chatText([{ role: 'user', content: edit() }]);
    expect(text).toBe(chat.choices[0]!.message.content);
    expect(deltas.length).toBe(countTokens(text));
    const id = (all[0]!.response as { id: string }).id;
    expect(id).toMatch(/^resp_/);
    expect(all[2]).toMatchObject({ output_index: 0, item: { type: 'message', status: 'in_progress', content: [] } });
    const itemId = (all[2]!.item as { id: string }).id;
    expect(itemId).toMatch(/^msg_/);
    expect(deltas.every((d) => d.item_id === itemId && d.content_index === 0)).toBe(true);
    expect(all.at(-4)).toMatchObject({ type: 'response.output_text.done', text });
    expect(all.at(-2)).toMatchObject({
      item: { id: itemId, status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] },
    });
    const input = countTokens(edit());
    expect(all.at(-1)).toMatchObject({
      response: {
        id,
        object: 'response',
        status: 'completed',
        previous_response_id: null,
        incomplete_details: null,
        error: null,
        usage: {
          input_tokens: input,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: countTokens(text),
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: input + countTokens(text),
        },
      },
    });
    const record = sim.requests.at(-2)!; // the chat request came after
    expect(record).toMatchObject({ api: 'responses', transport: 'http', responseId: id, outcome: 'completed' });
    expect(record).toMatchObject({ prefillTokens: input, cachedTokens: 0, bytesIn: expect.any(Number) as number });
  });

  it('answers without streaming with the completed response object', async () => {
    const res = await post('/responses', {
      model: 'sim-fast',
      instructions: 'You edit code.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: edit() }] }],
    });
    expect(res.headers['content-type']).toContain('application/json');
    const body = JSON.parse(res.text) as { status: string; output: { content: { text: string }[] }[] };
    expect(body.status).toBe('completed');
    expect(body.output[0]!.content[0]!.text).toBe(code(3).replace(/\btotal\b/g, 'sum'));
  });

  it('gives the agent script as function calls with flat tools, and takes their outputs back', async () => {
    const task = 'Rename total to sum in src/app.ts.';
    const res = await post('/responses', { model: 'sim-fast', input: task, tools, stream: true });
    const all = events(res.text);
    const added = all.find((e) => e.type === 'response.output_item.added')!;
    expect(added.item).toMatchObject({
      type: 'function_call',
      status: 'in_progress',
      name: 'read_file',
      arguments: '',
    });
    const args = all.filter((e) => e.type === 'response.function_call_arguments.delta').map((e) => e.delta);
    const done = all.find((e) => e.type === 'response.function_call_arguments.done')!;
    expect(args.join('')).toBe(done.arguments);
    expect(JSON.parse(done.arguments as string)).toEqual({ path: 'src/app.ts' });
    const call = all.find((e) => e.type === 'response.output_item.done')!.item as { call_id: string };
    expect(call.call_id).toMatch(/^call_/);
    // The next turn, chained: only the tool's output is new.
    const id = (all[0]!.response as { id: string }).id;
    const next = await post('/responses', {
      model: 'sim-fast',
      previous_response_id: id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'let total = 1;\n' }],
      tools,
    });
    const body = JSON.parse(next.text) as { previous_response_id: string; output: { name: string }[] };
    expect(body.previous_response_id).toBe(id);
    expect(body.output[0]!.name).toBe('apply_patch');
    const chat = await chatText(
      [
        { role: 'user', content: task },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: call.call_id, type: 'function', function: { name: 'read_file', arguments: done.arguments } },
          ],
        },
        { role: 'tool', tool_call_id: call.call_id, content: 'let total = 1;\n' },
      ],
      { tools: AGENT_TOOL_DEFINITIONS },
    );
    const { name, arguments: args2 } = body.output[0] as { name: string; arguments: string };
    expect(chat.choices[0]!.message.tool_calls).toMatchObject([{ function: { name, arguments: args2 } }]);
  });

  it('refuses an unknown or unstored previous_response_id with 400 previous_response_not_found', async () => {
    const missing = await post('/responses', { model: 'sim-fast', input: 'hi', previous_response_id: 'resp_x' });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toEqual({
      error: {
        message: "Previous response with id 'resp_x' not found.",
        type: 'invalid_request_error',
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      },
    });
    const unstored = JSON.parse((await post('/responses', { model: 'sim-fast', input: 'hi', store: false })).text) as {
      id: string;
    };
    const chained = await post('/responses', { model: 'sim-fast', input: 'again', previous_response_id: unstored.id });
    expect(chained.status).toBe(400);
  });

  it('refuses a prediction (an unknown parameter on /v1/responses)', async () => {
    const res = await post('/responses', {
      model: 'sim-fast',
      input: 'x',
      prediction: { type: 'content', content: 'x' },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'unknown_parameter', param: 'prediction' } });
  });

  it('acts out faults: error:N as an error event then response.failed, malformed:N, and pre-stream ones', async () => {
    const failed = events(
      (await post('/responses', { model: 'sim-fast', input: edit(), stream: true }, { 'x-sim-fault': 'error:2' })).text,
    );
    expect(failed.filter((e) => e.type === 'response.output_text.delta').length).toBe(2);
    expect(failed.at(-2)).toMatchObject({ type: 'error', code: 'server_error' });
    expect(failed.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'server_error' } },
    });
    expect(sim.requests.at(-1)!.outcome).toBe('failed');
    const malformed = await post('/responses', { model: 'sim-fast+malformed:1', input: edit(), stream: true });
    expect(malformed.text.split('\n').some((l) => l.startsWith('data: {') && !isJson(l.slice(6)))).toBe(true);
    const limited = await post('/responses', {
      model: 'sim-fast',
      input: 'x',
      metadata: { 'x-sim-fault': '429:1500' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after-ms']).toBe('1500');
  });

  it('reads a steer-shaped history (edit, assistant text, <correction>) as a partial and a correction', async () => {
    const partial = code(3)
      .replace(/\btotal\b/g, 'sum')
      .slice(0, 16);
    const steered = [
      { role: 'user', content: edit() },
      { role: 'assistant', content: partial },
      { role: 'user', content: '<correction>no, call it amount</correction>' },
    ];
    const expected = (await chatText([{ role: 'user', content: edit(3, partial, 'no, call it amount') }])).choices[0]!
      .message.content;
    expect(expected).toMatch(/^<restart\/>\nconst total0 = amount/);
    expect((await chatText(steered)).choices[0]!.message.content).toBe(expected);
    const viaResponses = JSON.parse((await post('/responses', { model: 'sim-fast', input: steered })).text) as {
      output: { content: { text: string }[] }[];
    };
    expect(viaResponses.output[0]!.content[0]!.text).toBe(expected);
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
