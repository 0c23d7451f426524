// Integration: a redirect over the Responses API's WebSocket mode is a native steer of the running
// response — one continuous ghost for the asker and a collaborator, no new `response.create`, no
// second prefill — and a steer the provider refuses falls back to abort-and-restart. Real
// Socket.IO, the simulated model over a real WebSocket.
import { describe, expect, it } from 'vitest';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastDelta, FastStateEvent } from '../../lib/protocol';
import type { SimProfiles } from '../models/lanes';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { testServers } from '../testing/testServers';
import { connectClient, makeWorkspace, openDoc, startTestServer, waitFor } from '../testing/fixtures';

const { track } = testServers();

const ORIGINAL = TOTAL_CODE.split('\n').slice(0, 7).join('\n');
const RENAME = { path: 'src/sum.ts', range: { startLine: 1, endLine: 7 }, instruction: 'rename total to sum' };
const CORRECTION = 'no, call it amount';

async function setup(fast: Record<string, unknown>, profiles: SimProfiles = {}) {
  const workspace = makeWorkspace({
    'src/sum.ts': TOTAL_CODE,
    'tandem.config.json': JSON.stringify({
      models: { fast: { api: 'responses', transport: 'websocket', stallTimeoutMs: 600_000, ...fast } },
    }),
  });
  const s = await startTestServer({ workspace }, profiles);
  track(s);
  const asker = await connectClient(s.url, { name: 'Ada' });
  const peer = await connectClient(s.url, { name: 'Grace' });
  await openDoc(asker, 'src/sum.ts');
  await openDoc(peer, 'src/sum.ts');
  return { s, asker, peer, a: follow(asker), p: follow(peer) };
}

/** Rebuilds the ghost output from the events, as a browser does. */
function follow(socket: ClientSocket) {
  const t = { output: '', states: [] as FastStateEvent[], deltas: [] as FastDelta[] };
  socket.on('fast/delta', (d) => {
    t.deltas.push(d);
    t.output = t.output.slice(0, d.from) + d.text;
  });
  socket.on('fast/state', (e) => t.states.push(e));
  return t;
}

const finished = (t: ReturnType<typeof follow>) => ['done', 'error'].includes(t.states.at(-1)?.state ?? '');

describe('redirect over the Responses WebSocket', () => {
  it('is a response.steer: the successor answers the correction, the ghost never restarts empty', async () => {
    // The first response stalls after 12 tokens and stays open, so the steer always lands mid-stream.
    const { s, asker, a, p } = await setup({ model: 'sim-fast+stall:12*1' });
    const { turn } = await request(asker, 'fast/start', RENAME);
    await waitFor(() => a.output.length > 20, 10_000, 'some output');
    const before = a.deltas.length;
    const keptLength = a.output.length;
    await request(asker, 'fast/redirect', { requestId: turn.requestId, instruction: CORRECTION, keptLength });
    await waitFor(() => finished(a) && finished(p), 10_000, 'the steered turn to finish');

    const last = a.states.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.redirects).toEqual([CORRECTION]);
    expect(last.metrics.redirectVia).toBe('steer');
    expect(last.metrics.redirectToFirstTokenMs).toBeGreaterThan(0);
    expect(a.output).toBe(ORIGINAL.replace(/\btotal\b/g, 'amount'));
    expect(p.output).toBe(a.output);
    // After the redirect the ghost is rewound at most to where the two rewrites differ, never emptied.
    const after = a.deltas.slice(before).map((d) => d.from);
    expect(Math.min(...after)).toBeGreaterThanOrEqual('export function '.length);

    const responses = s.models.sim!.requests.filter((r) => r.api === 'responses');
    expect(responses.map((r) => r.transport)).toEqual(['websocket', 'websocket']);
    const [original, successor] = responses;
    expect(original!.steered).toBe(true);
    expect(successor!.successorOf).toBe(original!.responseId);
    // The successor prefilled only the correction, not the prompt again.
    expect(successor!.prefillTokens).toBeLessThan(20);
    expect(original!.prefillTokens).toBeGreaterThan(100);
  });

  it('falls back to abort-and-restart when the provider refuses the steer', async () => {
    const { s, asker, a, p } = await setup(
      { model: 'sim-fast+steer-fail*1' },
      { 'sim-fast': { tokensPerSecond: 40, ttftMs: 20 } },
    );
    const { turn } = await request(asker, 'fast/start', RENAME);
    await waitFor(() => a.output.length > 8, 10_000, 'some output');
    await request(asker, 'fast/redirect', {
      requestId: turn.requestId,
      instruction: CORRECTION,
      keptLength: a.output.length,
    });
    await waitFor(() => finished(a) && finished(p), 20_000, 'the restarted turn to finish');

    const last = a.states.at(-1)!;
    expect(last.state).toBe('done');
    expect(last.metrics.redirectVia).toBe('restart');
    expect(a.output).toBe(ORIGINAL.replace(/\btotal\b/g, 'amount'));
    expect(p.output).toBe(a.output);
    const creates = s.models.sim!.requests.filter((r) => r.api === 'responses' && r.successorOf === null);
    expect(creates).toHaveLength(2);
    expect(JSON.stringify(creates[1]!.body)).toContain('<partial>');
  });

  it('an interrupt closes the socket at once, and the next turn runs on a fresh one', async () => {
    const { s, asker, a } = await setup({ model: 'sim-fast+stall:12*1' });
    const { turn } = await request(asker, 'fast/start', RENAME);
    await waitFor(() => a.output.length > 20, 10_000, 'some output');
    const { metrics } = await request(asker, 'fast/interrupt', {
      requestId: turn.requestId,
      keptLength: a.output.length,
    });
    expect(metrics.interruptToCloseMs).toBeGreaterThanOrEqual(0);
    const first = s.models.sim!.requests.find((r) => r.api === 'responses')!;
    await waitFor(() => first.closedAt !== null, 5_000, 'the simulator to see the socket close');
    expect(first.aborted).toBe(true);

    await request(asker, 'fast/resolve', { requestId: turn.requestId, outcome: 'rejected' });
    await request(asker, 'fast/start', RENAME);
    await waitFor(() => a.states.at(-1)?.state === 'done', 10_000, 'the next turn');
    expect(a.output).toBe(ORIGINAL.replace(/\btotal\b/g, 'sum'));
  });
});
