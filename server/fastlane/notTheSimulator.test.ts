// Integration: Tandem's fast edit, redirect, interrupt and background run over the Responses API's
// WebSocket mode against a Responses server that is not the simulator (the awkward test server:
// unknown fields and events, pings, frames one per event-loop turn), scripted turn by turn, so
// what goes over the wire is asserted from the provider's side.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import type { FastDelta, FastStateEvent } from '../../lib/protocol';
import { buildPatch } from '../models/formats/patchFormat';
import { startAwkwardServer, type AwkwardServer, type Conn } from '../models/responses/testing/awkwardServer';
import {
  created,
  incomplete,
  messageItem,
  textDelta,
  textEvents,
  toolEvents,
} from '../models/responses/testing/responsesEvents';
import { gitInit } from '../agents/snapshot/testRepo';
import { connectClient, makeWorkspace, openDoc, waitFor } from '../testing/fixtures';
import { runFinished, runHarness } from '../testing/runHarness';

const h = runHarness();
let awkward: AwkwardServer;
beforeAll(async () => {
  awkward = await startAwkwardServer();
});
afterAll(() => awkward.close());

const CODE = 'export function total(items: number[]) {\n  return items.length;\n}\n';
const ORIGINAL = 'export function total(items: number[]) {\n  return items.length;\n}';
const SUM = ORIGINAL.replace('total', 'sum');
const AMOUNT = ORIGINAL.replace('total', 'amount');

async function tandem() {
  awkward.reset();
  const lane = { baseUrl: awkward.baseUrl, api: 'responses', transport: 'websocket' };
  const workspace = makeWorkspace({
    'src/total.ts': CODE,
    'tandem.config.json': JSON.stringify({
      models: { fast: { ...lane, model: 'awkward-fast' }, strong: { ...lane, model: 'awkward-strong' } },
    }),
  });
  gitInit(workspace);
  const s = await h.server({ workspace });
  const socket = h.track(await connectClient(s.url, { name: 'Ada' }));
  await openDoc(socket, 'src/total.ts');
  const t = { output: '', states: [] as FastStateEvent[] };
  socket.on('fast/delta', (d: FastDelta) => (t.output = t.output.slice(0, d.from) + d.text));
  socket.on('fast/state', (e) => t.states.push(e));
  return { s, socket, t, workspace };
}

const pieces = (text: string) => text.match(/[\s\S]{1,5}/g) ?? [];
const RENAME = { path: 'src/total.ts', range: { startLine: 1, endLine: 3 }, instruction: 'rename total to sum' };

describe('Tandem against a Responses server that is not the simulator', () => {
  it('streams a fast edit, then steers it natively when redirected', async () => {
    const { socket, t } = await tandem();
    let steer: unknown = null;
    awkward.wsScripts.push(async (conn: Conn) => {
      await conn.sendSlowly(created('resp_a'), messageItem('msg_a'), textDelta('msg_a', 'export function s'));
      steer = (await conn.next())?.json;
      conn.send(
        { type: 'response.steer.accepted', steer: { id: 'steer_1', previous_response_id: 'resp_a' } },
        { type: 'response.output_item.done', item: { id: 'msg_a', type: 'message', status: 'incomplete' } },
        incomplete('resp_a', 'steered', { input: 80, output: 4, cached: 0 }),
        created('resp_b', 'resp_a'),
        messageItem('msg_b'),
      );
      await conn.sendSlowly(
        ...pieces(`<restart/>\n${AMOUNT}`).map((p) => textDelta('msg_b', p)),
        ...textEvents('resp_b', []).slice(-1),
      );
    });
    const { turn } = await request(socket, 'fast/start', RENAME);
    await waitFor(() => t.output.length > 0, 10_000, 'the first delta');
    await request(socket, 'fast/redirect', {
      requestId: turn.requestId,
      instruction: 'no, call it amount',
      keptLength: t.output.length,
    });
    await waitFor(() => t.states.at(-1)?.state === 'done', 10_000, 'done');
    expect(t.output).toBe(AMOUNT);
    expect(t.states.at(-1)!.metrics.redirectVia).toBe('steer');
    expect(steer).toEqual({
      type: 'response.steer',
      previous_response_id: 'resp_a',
      input: '<correction>no, call it amount</correction>',
    });
    // One response.create for the whole turn: the redirect went over as a steer.
    const creates = awkward.connections.flatMap((c) => c.frames).filter((f) => f.json?.type === 'response.create');
    expect(creates).toHaveLength(1);
  });

  it('interrupts by closing the socket, then runs the next edit on a fresh one', async () => {
    const { socket, t } = await tandem();
    let closedSeen = false;
    awkward.wsScripts.push(async (conn: Conn) => {
      await conn.sendSlowly(created('resp_c'), messageItem('msg_c'), textDelta('msg_c', 'export function '));
      await conn.closed;
      closedSeen = true;
    });
    awkward.wsScripts.push((conn: Conn) => conn.send(...textEvents('resp_d', pieces(SUM))));
    const { turn } = await request(socket, 'fast/start', RENAME);
    await waitFor(() => t.output.length > 0, 10_000, 'the first delta');
    await request(socket, 'fast/interrupt', { requestId: turn.requestId, keptLength: t.output.length });
    expect(t.states.at(-1)?.state).toBe('interrupted');
    await waitFor(() => closedSeen, 5_000, 'the provider to see its socket close');

    await request(socket, 'fast/resolve', { requestId: turn.requestId, outcome: 'rejected' });
    await request(socket, 'fast/start', RENAME);
    await waitFor(() => t.states.at(-1)?.state === 'done', 10_000, 'the second edit');
    expect(t.output).toBe(SUM);
    expect(awkward.connections.length).toBeGreaterThanOrEqual(2);
  });

  it('runs a background run whose second turn is chained to the first', async () => {
    const { s, workspace } = await tandem();
    const patch = buildPatch([{ path: 'src/total.ts', before: CODE, after: CODE.replace('total', 'sum') }]);
    const call = (id: string, name: string, args: object) =>
      toolEvents(id, [{ itemId: `fc_${id}`, callId: `call_${id}`, name, pieces: [] }], [JSON.stringify(args)]);
    awkward.wsScripts.push((conn: Conn) => conn.send(...call('resp_r1', 'apply_patch', { patch })));
    awkward.wsScripts.push((conn: Conn) => conn.send(...call('resp_r2', 'finish', { summary: 'renamed total' })));
    const client = await h.client(s.url);
    const run = await client.start({ instruction: 'rename total to sum in src/total.ts', path: 'src/total.ts' });
    await client.watch(run.id);
    await runFinished(client, run.id, 60_000);
    expect(client.run(run.id)!.status, client.run(run.id)!.reason ?? '').toBe('succeeded');
    const diff = await client.loadDiff(run.id);
    expect(diff.files.map((f) => [f.path, f.resultText])).toEqual([['src/total.ts', CODE.replace('total', 'sum')]]);
    expect(fs.readFileSync(path.join(workspace, 'src/total.ts'), 'utf8')).toBe(CODE);

    const creates = awkward.connections.flatMap((c) => c.frames).filter((f) => f.json?.type === 'response.create');
    expect(creates).toHaveLength(2);
    const second = creates[1]!.json as { previous_response_id?: string; input: { type: string; call_id?: string }[] };
    expect(second.previous_response_id).toBe('resp_r1');
    expect(second.input).toEqual([expect.objectContaining({ type: 'function_call_output', call_id: 'call_resp_r1' })]);
  });
});
