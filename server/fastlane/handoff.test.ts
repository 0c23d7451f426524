// Integration: a fast-lane session, interrupted mid-stream, is handed to the background lane;
// the strong model's first request carries the transcript and the partial diff, the run says
// where it came from, and the ghost is resolved as handed off once the run has started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import { handOffGhost } from '../../lib/client/runs/handoffGhost';
import { RunsClient } from '../../lib/client/runsClient';
import { request } from '../../lib/client/socket';
import type { FastStateEvent } from '../../lib/protocol';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { connectClient, makeWorkspace, openDoc, startTestServer, waitFor } from '../testing/fixtures';
import { heldFirstFastStream } from '../testing/heldStream';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  // The fast stream is held open after 20 tokens, so it is still streaming when the test interrupts it.
  const workspace = makeWorkspace({
    'src/sum.ts': TOTAL_CODE,
    'tandem.config.json': JSON.stringify(heldFirstFastStream(20)),
  });
  s = await startTestServer(
    { workspace },
    { 'sim-fast': { tokensPerSecond: 1000, ttftMs: 5 }, 'sim-strong': { tokensPerSecond: 5000, ttftMs: 5 } },
  );
});
afterAll(() => s.close());

describe('handoff to the background lane', () => {
  it('carries the transcript and the partial ghost diff into the run', async () => {
    const socket = await connectClient(s.url, { name: 'Ada' });
    const doc = await openDoc(socket, 'src/sum.ts');
    const states: FastStateEvent[] = [];
    socket.on('fast/state', (e) => states.push(e));
    const fast = new FastLaneClient(
      socket,
      (_p, change) => (doc.doc.transact(() => change(doc.text)), true),
      (cb) => setTimeout(cb, 16) as unknown as number,
    );
    const info = await fast.start('src/sum.ts', { startLine: 1, endLine: 7 }, 'rename total to sum');
    const turn = fast.turn(info.requestId)!;
    await waitFor(() => turn.output.includes('let sum = 0;\n'), 10_000, 'partial output');
    expect(s.models.sim!.requests.find((r) => r.model === 'sim-fast')).toMatchObject({
      fault: 'stall:20*1',
      closedAt: null,
    });
    await fast.interrupt(turn);
    expect(turn.state).toBe('interrupted');

    // The browser's own action: start the run with the session's context, clear the ghost once it has started.
    const runs = new RunsClient(socket);
    const runId = await handOffGhost({ fast, runs }, turn, 'finish the rename everywhere');
    const run = runs.run(runId)!;
    expect(run.instruction).toBe('finish the rename everywhere');
    expect(run.handoff).toEqual({
      requestId: info.requestId,
      path: 'src/sum.ts',
      instruction: 'rename total to sum',
      range: { startLine: 1, endLine: 7 },
    });
    expect(run.hasContext).toBe(true);

    await waitFor(
      () => s.models.sim!.requests.some((r) => (r.body as { model?: string })?.model === 'sim-strong'),
      10_000,
      'strong request',
    );
    const first = JSON.stringify(
      s.models.sim!.requests.find((r) => (r.body as { model?: string })?.model === 'sim-strong')!.body,
    );
    expect(first).toContain('Handed off from a fast-lane edit by Ada');
    expect(first).toContain('instruction: rename total to sum');
    expect(first).toContain('this diff is partial');
    expect(first).toContain('-  let total = 0;');
    expect(first).toContain('+  let sum = 0;');

    // The ghost stays until the run has started, then is resolved as handed off.
    await waitFor(
      () => states.some((e) => e.requestId === info.requestId && e.state === 'handed_off'),
      10_000,
      'handed off',
    );
    expect(runs.run(runId)!.status).not.toBe('queued');
    expect(fast.turn(info.requestId)).toBeUndefined();
    expect(doc.text.toString()).toBe(TOTAL_CODE);
    const { turns } = await request(socket, 'fast/history', { path: 'src/sum.ts' });
    expect(turns[0].outcome).toBe('handed_off');
    socket.disconnect();
  });
});
