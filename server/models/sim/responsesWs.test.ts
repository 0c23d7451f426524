import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstTokenMs } from './pacer';
import { startSimServer, type SimRequestRecord, type SimServer } from './server';
import { countTokens } from './tokenize';
import { WsTestClient, type Frame } from './wsTestClient';
import { edit } from './testEdits';

let sim: SimServer;
let wsUrl: string;
beforeAll(async () => {
  sim = await startSimServer({
    profiles: {
      'sim-fast': { ttftMs: 0, tokensPerSecond: 20_000, jitter: 0 },
      'sim-slow': { ttftMs: 0, tokensPerSecond: 300, jitter: 0 },
      'sim-wait': { ttftMs: 1000, tokensPerSecond: 20_000, jitter: 0 },
      'sim-crawl': { ttftMs: 0, tokensPerSecond: 30, jitter: 0 },
    },
  });
  wsUrl = `${sim.url.replace(/^http/, 'ws')}/v1/responses`;
});
afterAll(() => sim.close());

const create = (model: string, input: unknown, extra: object = {}) => ({
  type: 'response.create',
  model,
  input,
  ...extra,
});
const textOf = (frames: Frame[]) =>
  frames
    .filter((f) => f.type === 'response.output_text.delta')
    .map((f) => f.delta)
    .join('');
const idOf = (f: Frame) => (f.response as { id: string }).id;

async function chatAnswer(content: string): Promise<string> {
  const res = await request(`${sim.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content }] }),
  });
  return ((await res.body.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
}

/** Waits for a whole response (created … completed) and returns its frames. */
async function whole(client: WsTestClient): Promise<Frame[]> {
  const from = client.frames.indexOf(await client.next('response.created'));
  await client.next('response.completed');
  return client.between(from, 'response.completed');
}

describe('simulated Responses API over WebSocket', () => {
  it('streams response.create as the SSE events, one frame each, and records the connection', async () => {
    const client = await WsTestClient.open(wsUrl, { authorization: 'Bearer sk-test' });
    const frame = JSON.stringify(create('sim-fast', edit()));
    client.send(frame);
    const frames = await whole(client);
    expect(frames.map((f) => f.sequence_number)).toEqual(frames.map((_, i) => i));
    expect(frames.slice(0, 4).map((f) => f.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(frames.slice(-4).map((f) => f.type)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(textOf(frames)).toBe(await chatAnswer(edit()));
    const record = sim.requests.find((r) => r.responseId === idOf(frames[0]!))!;
    expect(record).toMatchObject({ transport: 'websocket', api: 'responses', method: 'WS', hasApiKey: true });
    expect(record).toMatchObject({ bytesIn: Buffer.byteLength(frame), outcome: 'completed', aborted: false });
    expect(sim.websockets.find((w) => w.id === record.websocket)).toMatchObject({ hasApiKey: true, framesIn: 1 });
    client.close();
  });

  it('runs one response at a time: creates sent meanwhile queue and start in order once it is idle', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-fast+stall:2', edit(7)));
    const first = idOf(await client.next('response.created'));
    await client.next('response.output_text.delta');
    await client.next('response.output_text.delta');
    // Queued behind the held response: one that fails part-way, then one that completes.
    client.send(create('sim-fast+error:1', edit(4)));
    client.send(create('sim-fast', edit(5)));
    // The active response is steered; its successor runs before the queue moves.
    client.send({ type: 'response.steer', previous_response_id: first, input: '<correction>x</correction>' });
    await client.next('response.incomplete');
    await client.next('response.completed');
    await client.next('response.failed');
    await client.next('response.completed');
    const lifecycle = client.frames.filter((f) =>
      ['response.created', 'response.incomplete', 'response.failed', 'response.completed'].includes(f.type),
    );
    expect(lifecycle.map((f) => f.type)).toEqual([
      'response.created',
      'response.incomplete',
      'response.created',
      'response.completed',
      'response.created',
      'response.failed',
      'response.created',
      'response.completed',
    ]);
    const ids = lifecycle.filter((f) => f.type === 'response.created').map(idOf);
    const records = ids.map((id) => sim.requests.find((r) => r.responseId === id)!);
    expect(records.map((r) => r.outcome)).toEqual(['incomplete', 'completed', 'failed', 'completed']);
    expect(records[1]!.successorOf).toBe(first);
    expect(records.map((r) => (r.body as { input?: unknown } | null)?.input)).toEqual([
      edit(7),
      '<correction>x</correction>',
      edit(4),
      edit(5),
    ]);
    // Both arrived while the first was active, and each started only after the one before it ended.
    expect(records[2]!.arrivedAt).toBeLessThan(records[0]!.closedAt!);
    expect(records[3]!.arrivedAt).toBeLessThan(records[0]!.closedAt!);
    expect(records[2]!.chunks[0]!.at).toBeGreaterThanOrEqual(records[1]!.closedAt!);
    expect(records[3]!.chunks[0]!.at).toBeGreaterThanOrEqual(records[2]!.closedAt!);
    const lastFrames = client.frames.slice(
      client.frames.findIndex((f) => f.type === 'response.created' && idOf(f) === ids[3]),
    );
    expect(textOf(lastFrames)).toBe(await chatAnswer(edit(5)));
    client.close();
  });

  it('queues at most 16 creates behind the active response, and closing the socket aborts them all', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-fast+stall:1', edit(6)));
    const id = idOf(await client.next('response.created'));
    const active = sim.requests.find((r) => r.responseId === id)!;
    for (let i = 0; i < 17; i++) client.send(create('sim-fast', `queued ${i}`));
    const refused = await client.next('error');
    expect(refused).toMatchObject({ status: 400, error: { code: 'too_many_queued_responses' } });
    const onSocket = () => sim.requests.filter((r) => r.websocket === active.websocket);
    expect(onSocket()).toHaveLength(17);
    const allClosed = new Promise<void>((resolve) => {
      const check = () => {
        if (!onSocket().every((r) => r.closedAt !== null)) return;
        sim.events.off('closed', check);
        resolve();
      };
      sim.events.on('closed', check);
    });
    client.close();
    await allClosed;
    expect(onSocket().every((r) => r.aborted && r.outcome === null)).toBe(true);
    expect(client.frames.filter((f) => f.type === 'response.created')).toHaveLength(1);
  });

  it('closing the socket stops the active response at once, recorded as aborted', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-crawl', edit(25)));
    const id = idOf(await client.next('response.created'));
    await client.next('response.output_text.delta');
    const closed = new Promise<SimRequestRecord>((resolve) => {
      const check = (r: SimRequestRecord) => {
        if (r.responseId !== id) return;
        sim.events.off('closed', check);
        resolve(r);
      };
      sim.events.on('closed', check);
    });
    client.close();
    const record = await closed;
    expect(record).toMatchObject({ aborted: true, outcome: null });
    // Another whole response later, the aborted one has sent nothing more.
    const sentAtClose = record.tokensSent;
    const other = await WsTestClient.open(wsUrl);
    other.send(create('sim-fast', edit()));
    await whole(other);
    other.close();
    expect(record.tokensSent).toBe(sentAtClose);
    expect(record.chunks.every((c) => c.at <= record.closedAt!)).toBe(true);
  });

  it('chains previous_response_id from the connection, prefilling only the new input', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-fast', edit(), { store: false }));
    const first = await whole(client);
    const firstId = idOf(first[0]!);
    client.send(create('sim-fast', 'thanks', { previous_response_id: firstId }));
    const second = await whole(client);
    expect(second[0]!.response).toMatchObject({ previous_response_id: firstId });
    const held = countTokens(edit()) + countTokens(textOf(first));
    expect(second.at(-1)!.response).toMatchObject({
      usage: { input_tokens: held + countTokens('thanks'), input_tokens_details: { cached_tokens: held } },
    });
    const record = sim.requests.find((r) => r.responseId === idOf(second[0]!))!;
    expect(record).toMatchObject({ prefillTokens: countTokens('thanks'), cachedTokens: held });
    const other = await WsTestClient.open(wsUrl);
    other.send(create('sim-fast', 'thanks', { previous_response_id: firstId }));
    expect(await other.next('error')).toMatchObject({ status: 400, error: { code: 'previous_response_not_found' } });
    other.close();
    client.close();
  });

  it.each([
    ['restarts', 4, true],
    ['continues', 1, false],
  ])('steers a held response: incomplete (steered), then a successor that %s', async (_, after, restarts) => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create(`sim-fast+stall:${after}`, edit()));
    const created = await client.next('response.created');
    const id = idOf(created);
    for (let i = 0; i < after; i++) await client.next('response.output_text.delta');
    const from = client.frames.length;
    const correction = '<correction>no, call it amount</correction>';
    client.send({ type: 'response.steer', previous_response_id: id, input: correction });
    const accepted = await client.next('response.steer.accepted');
    expect(accepted).toMatchObject({ steer: { previous_response_id: id }, sequence_number: 2 + 2 + after });
    expect((accepted.steer as { id: string }).id).toMatch(/^steer_/);
    const ending = client.between(from, 'response.incomplete');
    const shown = textOf(client.frames.slice(0, from));
    expect(ending.map((f) => f.type)).toEqual([
      'response.steer.accepted',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.incomplete',
    ]);
    expect(ending[1]).toMatchObject({ text: shown });
    expect(ending[3]).toMatchObject({ item: { status: 'incomplete', content: [{ text: shown }] } });
    expect(ending[4]!.response).toMatchObject({
      id,
      status: 'incomplete',
      incomplete_details: { reason: 'steered' },
      usage: { output_tokens: after },
    });
    const successor = await whole(client);
    expect(successor[0]!.response).toMatchObject({ previous_response_id: id, status: 'in_progress' });
    expect(successor[0]!.sequence_number).toBe(0);
    const text = textOf(successor);
    expect(text).toBe(await chatAnswer(edit(3, shown, 'no, call it amount')));
    expect(text.startsWith('<restart/>\n')).toBe(restarts);
    const steered = sim.requests.find((r) => r.responseId === id)!;
    const next = sim.requests.find((r) => r.successorOf === id)!;
    expect(steered).toMatchObject({ steered: true, outcome: 'incomplete', tokensSent: after });
    expect(next).toMatchObject({ responseId: idOf(successor[0]!), outcome: 'completed' });
    expect(next.prefillTokens).toBe(countTokens(correction));
    expect(next.cachedTokens).toBe(countTokens(edit()) + countTokens(shown));
    client.close();
  });

  it('steers a live stream at a chunk boundary; the successor starts long before the original would end', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-slow', edit(25)));
    const created = await client.next('response.created');
    await client.next('response.output_text.delta');
    client.send({
      type: 'response.steer',
      previous_response_id: idOf(created),
      input: '<correction>call it sum2</correction>',
    });
    const incomplete = await client.next('response.incomplete');
    const shown = textOf(client.frames.slice(0, client.frames.indexOf(incomplete)));
    expect(shown.length).toBeGreaterThan(0);
    const successor = await whole(client);
    expect(textOf(successor)).toBe(await chatAnswer(edit(25, shown, 'call it sum2')));
    const steered = sim.requests.find((r) => r.responseId === idOf(created))!;
    const next = sim.requests.find((r) => r.successorOf === idOf(created))!;
    const profile = sim.profiles['sim-slow']!;
    const fullAnswer = countTokens(await chatAnswer(edit(25)));
    const originalEnd =
      steered.arrivedAt +
      firstTokenMs(profile, countTokens(edit(25))) +
      ((fullAnswer - 1) / profile.tokensPerSecond) * 1000;
    expect(next.chunks.find((c) => c.tokens > 0)!.at).toBeLessThan(originalEnd);
    client.close();
  });

  it('fails a steer of a response that is not active, and changes nothing', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-fast', edit()));
    const done = await whole(client);
    const from = client.frames.length;
    client.send({ type: 'response.steer', previous_response_id: idOf(done[0]!), input: '<correction>x</correction>' });
    const failed = await client.next('response.steer.failed');
    expect(failed).toMatchObject({
      steer: { previous_response_id: idOf(done[0]!), input: '<correction>x</correction>' },
      error: { code: 'response_not_active' },
    });
    client.send(create('sim-fast', 'hello'));
    await whole(client);
    expect(client.frames.slice(from).filter((f) => f.type === 'response.created').length).toBe(1);
    client.close();
  });

  it('steer-fail: accepts the steer, then fails to commit it, and the response runs on to completion', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send(create('sim-wait', edit(), { metadata: { 'x-sim-fault': 'steer-fail' } }));
    const created = await client.next('response.created');
    client.send({ type: 'response.steer', previous_response_id: idOf(created), input: '<correction>x</correction>' });
    const accepted = await client.next('response.steer.accepted');
    const failed = await client.next('response.steer.failed');
    expect(failed).toMatchObject({ steer: accepted.steer, error: { code: 'steer_not_committed' } });
    const completed = await client.next('response.completed');
    expect(completed.response).toMatchObject({ id: idOf(created), status: 'completed' });
    expect(textOf(client.frames)).toBe(await chatAnswer(edit()));
    expect(client.frames.some((f) => f.type === 'response.incomplete')).toBe(false);
    client.close();
  });

  it('drop:N terminates the socket after N tokens, recorded as aborted', async () => {
    const client = await WsTestClient.open(wsUrl);
    const aborted = new Promise<SimRequestRecord>((resolve) =>
      sim.events.on('closed', (r) => r.aborted && r.transport === 'websocket' && resolve(r)),
    );
    client.send(create('sim-fast+drop:3', edit()));
    const created = await client.next('response.created');
    await client.closed;
    expect(client.frames.filter((f) => f.type === 'response.output_text.delta').length).toBe(3);
    const record = await aborted;
    expect(record).toMatchObject({ responseId: idOf(created), aborted: true, tokensSent: 3, outcome: null });
  });

  it('acts out faults named in metadata or the model name: refusals, error:N, malformed:N', async () => {
    const client = await WsTestClient.open(wsUrl, { authorization: 'Bearer sk-echo' });
    client.send(create('sim-fast', 'x', { metadata: { 'x-sim-fault': '401' } }));
    expect(await client.next('error')).toMatchObject({ status: 401, error: { code: 'invalid_api_key' } });
    expect(client.frames.at(-1)!.error).toMatchObject({ message: expect.stringContaining('sk-echo') as string });
    client.send(create('sim-fast+429:300', 'x'));
    expect(await client.next('error')).toMatchObject({ status: 429, error: { code: 'rate_limit_exceeded' } });
    client.send(create('sim-fast', edit(), { metadata: { 'x-sim-fault': 'error:2' } }));
    const failed = await client.next('response.failed');
    const error = client.frames[client.frames.indexOf(failed) - 1]!;
    expect(error).toMatchObject({ type: 'error', code: 'server_error', sequence_number: failed.sequence_number! - 1 });
    expect(failed.response).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
    client.send(create('sim-fast+malformed:1', edit()));
    await client.next('(not json)');
    await client.next('response.completed');
    client.close();
  });

  it('answers a frame that is not JSON and an unknown event type with errors, and stays usable', async () => {
    const client = await WsTestClient.open(wsUrl);
    client.send('{not json');
    expect(await client.next('error')).toMatchObject({ error: { code: 'invalid_json' } });
    client.send({ type: 'response.frobnicate' });
    expect(await client.next('error')).toMatchObject({ error: { code: 'unknown_event_type' } });
    // The Responses API has no in-band cancel (`response.cancel` is a Realtime API event).
    client.send({ type: 'response.cancel', response_id: 'resp_x' });
    const unknown = await client.next('error');
    expect(unknown).toMatchObject({ status: 400, error: { code: 'unknown_event_type' } });
    expect((unknown.error as { message: string }).message).toMatch(/response\.create.*response\.steer/);
    client.send(create('sim-fast', edit()));
    expect(textOf(await whole(client))).toBe(await chatAnswer(edit()));
    client.close();
  });

  it('refuses to upgrade other paths', async () => {
    await expect(WsTestClient.open(`${sim.url.replace(/^http/, 'ws')}/v1/chat/completions`)).rejects.toThrow(/404/);
  });
});
