// Integration (real Socket.IO, real HTTP to the simulated model): a question about the range is
// answered in words — markdown kept whole, no prediction sent, recorded as an answer and watched
// by a collaborator — and alternatives ×N stream N rewrites of one range side by side, each its
// own turn, until a new request replaces them.
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { alternativeRequestId, type FastDelta, type FastStateEvent, type FastTurnSnapshot } from '../../lib/protocol';
import { parseEditRequest } from '../models/formats/editRequest';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { testServers } from '../testing/testServers';
import { connectClient, makeWorkspace, openDoc, startTestServer, waitFor } from '../testing/fixtures';

const { track } = testServers();
const PATH = 'src/total.ts';
const RANGE = { startLine: 1, endLine: 7 };

async function twoPeople() {
  const s = track(await startTestServer({ workspace: makeWorkspace({ [PATH]: TOTAL_CODE }) }));
  const ada = await connectClient(s.url, { name: 'Ada' });
  const bob = await connectClient(s.url, { name: 'Bob' });
  await openDoc(ada, PATH);
  await openDoc(bob, PATH);
  const seen = { started: [] as FastTurnSnapshot[], deltas: [] as FastDelta[], states: [] as FastStateEvent[] };
  bob.on('fast/started', (t) => seen.started.push(t));
  bob.on('fast/delta', (d) => seen.deltas.push(d));
  bob.on('fast/state', (e) => seen.states.push(e));
  return { s, ada, bob, seen };
}

const lastUserMessage = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.filter((m) => m.role === 'user').at(-1)!.content;

describe('answers', () => {
  it('streams an answer to the asker and a collaborator, asks a question, and records it as an answer', async () => {
    const { s, ada, seen } = await twoPeople();
    const reply = await request(ada, 'instruction/submit', {
      requestId: 'answer-0001',
      instruction: 'what does this return for an empty list?',
      path: PATH,
      range: RANGE,
      intent: 'answer',
    });
    expect(reply.turn?.intent).toBe('answer');
    expect(reply.decision.intent).toBe('answer');
    await waitFor(() => seen.states.some((e) => e.state === 'done'), 15_000, 'the answer to finish');
    expect(seen.started[0].info).toMatchObject({ by: 'Ada', intent: 'answer' });

    const body = s.models.sim!.requests.filter((r) => r.api === 'chat').at(-1)!.body as Record<string, unknown>;
    expect(body.prediction).toBeUndefined();
    const asked = parseEditRequest(lastUserMessage(body))!;
    expect(asked).toMatchObject({ intent: 'answer', instruction: 'what does this return for an empty list?' });

    const text = seen.deltas.reduce((out, d) => out.slice(0, d.from) + d.text, '');
    expect(text.length).toBeGreaterThan(40);
    const [record] = (await request(ada, 'fast/history', { path: PATH })).turns;
    expect(record).toMatchObject({ requestId: 'answer-0001', intent: 'answer', outcome: 'done', output: text });
  });

  it('reads edit or answer from the words when the person moves a request to the fast lane', async () => {
    const { ada } = await twoPeople();
    const ask = (requestId: string, instruction: string, lane?: 'fast' | 'strong') =>
      request(ada, 'instruction/submit', {
        requestId,
        instruction,
        path: PATH,
        range: RANGE,
        ...(lane ? { lane } : {}),
      });
    const routed = await ask('answer-0002', 'why does this crash on an empty list?');
    expect(routed.decision).toMatchObject({ lane: 'strong' });
    expect(routed.decision.intent).toBeUndefined();
    await request(ada, 'run/cancel', { runId: routed.run!.id }).catch(() => undefined);
    const moved = await ask('answer-0003', 'why does this crash on an empty list?', 'fast');
    expect(moved.decision).toMatchObject({ lane: 'fast', intent: 'answer', override: true });
    expect(moved.turn?.intent).toBe('answer');
  });

  it('takes an answer along as the context of the edit made from it', async () => {
    const { s, ada } = await twoPeople();
    const context = 'The loop adds every item to `total`; an empty list returns 0.';
    await request(ada, 'fast/start', {
      path: PATH,
      range: RANGE,
      instruction: 'rename total to sum',
      intent: 'edit',
      context,
    });
    await waitFor(() => s.models.sim!.requests.some((r) => r.api === 'chat'), 10_000, 'the model request');
    const body = s.models.sim!.requests.find((r) => r.api === 'chat')!.body;
    expect(parseEditRequest(lastUserMessage(body))).toMatchObject({ intent: 'edit', context });
  });
});

describe('alternatives', () => {
  it('streams three rewrites side by side, each its own turn, until a new request replaces them', async () => {
    const { s, ada, seen } = await twoPeople();
    const reply = await request(ada, 'instruction/submit', {
      requestId: 'group-0001',
      instruction: 'rename total to sum',
      path: PATH,
      range: RANGE,
      lane: 'fast',
      alternatives: 3,
    });
    const ids = [0, 1, 2].map((i) => alternativeRequestId('group-0001', i));
    expect(reply.alternatives?.map((t) => t.requestId)).toEqual(ids);
    expect(reply.alternatives?.map((t) => t.alternative)).toEqual(
      [0, 1, 2].map((index) => ({ group: 'group-0001', index, of: 3 })),
    );
    const done = (id: string) => seen.states.some((e) => e.requestId === id && e.state === 'done');
    await waitFor(() => ids.every(done), 15_000, 'all three alternatives to finish');

    // Each asked as its own alternative, at its own temperature.
    const chats = s.models.sim!.requests.filter((r) => r.api === 'chat').map((r) => r.body as Record<string, unknown>);
    expect(chats.map((b) => parseEditRequest(lastUserMessage(b))!.alternative?.index ?? 0).sort()).toEqual([0, 1, 2]);
    expect(new Set(chats.map((b) => b.temperature)).size).toBe(3);

    // A new request from Ada on the file replaces every alternative still unresolved.
    await request(ada, 'fast/resolve', { requestId: ids[1], outcome: 'accepted' });
    await request(ada, 'fast/start', { path: PATH, range: RANGE, instruction: 'add a doc comment' });
    await waitFor(
      () => [ids[0], ids[2]].every((id) => seen.states.some((e) => e.requestId === id && e.state === 'rejected')),
      5_000,
      'the other alternatives to be rejected',
    );
    const history = (await request(ada, 'fast/history', { path: PATH })).turns;
    expect(history.find((t) => t.requestId === ids[1])).toMatchObject({
      outcome: 'accepted',
      alternative: { index: 1, of: 3 },
    });
  });

  it('refuses an alternative index past the group size', async () => {
    const { ada } = await twoPeople();
    await expect(
      request(ada, 'fast/start', {
        path: PATH,
        range: RANGE,
        instruction: 'rename total to sum',
        alternative: { group: 'group-0002', index: 3, of: 3 },
      }),
    ).rejects.toThrow(/index must be below/);
  });
});
