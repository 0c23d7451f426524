// Integration: a fast-lane session, interrupted mid-stream, is handed to the background lane;
// the strong model's first request carries the transcript, the partial diff and the session's
// figures (read from the server's own transcript), the run's first evidence item is the handoff,
// the run says where it came from, and the ghost is resolved as handed off once it has started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FastLaneClient } from '../../lib/client/fastLaneClient';
import { handOffGhost } from '../../lib/client/runs/handoffGhost';
import { RunsClient } from '../../lib/client/runsClient';
import { request } from '../../lib/client/socket';
import { handoffEvidenceSchema, type FastStateEvent, type HandoffTurn } from '../../lib/protocol';
import { describeHandoff, turnFigures } from '../agents/handoffEvidence';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { connectClient, makeWorkspace, openDoc, startTestServer, waitFor } from '../testing/fixtures';
import { heldFirstFastStream } from '../testing/heldStream';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  // The first three fast streams are held open after 20 tokens, so each is still streaming when
  // a test interrupts it; later ones (the redirect) are answered whole.
  const held = { models: { fast: { ...heldFirstFastStream(20).models.fast, model: 'sim-fast+stall:20*3' } } };
  const workspace = makeWorkspace({
    'src/sum.ts': TOTAL_CODE,
    'tandem.config.json': JSON.stringify(held),
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
      fault: 'stall:20*3',
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
      // How much the partial ghost changed depends on how far it got before the interrupt.
      diff: { added: expect.any(Number), removed: expect.any(Number) },
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

  it("carries the session's figures: the handoff is the first evidence item and in the first message", async () => {
    const socket = await connectClient(s.url, { name: 'Bo' });
    const doc = await openDoc(socket, 'src/sum.ts');
    const fast = new FastLaneClient(
      socket,
      (_p, change) => (doc.doc.transact(() => change(doc.text)), true),
      (cb) => setTimeout(cb, 16) as unknown as number,
    );
    const range = { startLine: 1, endLine: 7 };
    const interrupted = async (instruction: string) => {
      const info = await fast.start('src/sum.ts', range, instruction);
      const turn = fast.turn(info.requestId)!;
      await waitFor(() => turn.output.length > 0, 10_000, 'partial output');
      await fast.interrupt(turn);
      return turn;
    };
    // An earlier turn on the range, interrupted and rejected; then the one handed off: interrupted,
    // redirected (answered whole), naming the validation it wants.
    fast.reject(await interrupted('make it shorter'));
    const turn = await interrupted('rename total to sum; validation command: test -f src/sum.ts');
    await fast.redirect(turn, 'keep the loop');
    await waitFor(() => turn.state === 'done', 10_000, 'redirect done');

    const runs = new RunsClient(socket);
    const runId = await handOffGhost({ fast, runs }, turn);
    const { events } = await request(socket, 'run/subscribe', { runId, afterSeq: 0 });
    expect(events[0].kind).toBe('handoff');
    const evidence = handoffEvidenceSchema.parse(events[0].kind === 'handoff' ? events[0].handoff : null);
    const { turns } = await request(socket, 'fast/history', { path: 'src/sum.ts' });
    const mine = turns.filter((t) => t.by === 'Bo').reverse();
    expect(evidence.source).toEqual({
      requestId: turn.info.requestId,
      path: 'src/sum.ts',
      range,
      by: 'Bo',
      instruction: 'rename total to sum; validation command: test -f src/sum.ts',
    });
    expect(evidence.turns.map((t) => [t.instruction, t.redirects, t.interrupted])).toEqual([
      ['make it shorter', [], true],
      ['rename total to sum; validation command: test -f src/sum.ts', ['keep the loop'], true],
    ]);
    expect(evidence.turns[1]).toMatchObject({ redirectVia: 'restart', outcome: 'done' });
    expect(evidence.turns[1].interruptToCloseMs).not.toBeNull();
    expect(evidence.turns[1].ttftMs).not.toBeNull();
    // The figures are the server's own record of those turns (since resolved as handed off).
    const figures = (t: HandoffTurn) => ({ ...t, outcome: null });
    expect(evidence.turns.map(figures)).toEqual(mine.map((t) => figures(turnFigures(t))));
    expect(evidence.diff!.added + evidence.diff!.removed).toBeGreaterThan(0);
    expect(evidence.validation).toBe('test -f src/sum.ts');

    const strong = () =>
      s.models.sim!.requests.find(
        (r) =>
          (r.body as { model?: string })?.model === 'sim-strong' && JSON.stringify(r.body).includes('keep the loop'),
      );
    await waitFor(() => strong() !== undefined, 10_000, 'strong request');
    const first = (strong()!.body as { messages: { role: string; content: string }[] }).messages;
    expect(first.find((m) => m.role === 'user')!.content).toContain(describeHandoff(evidence));
    socket.disconnect();
  });
});
