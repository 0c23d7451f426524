// RunsClient against a real Tandem server: a re-subscribe after reconnect that fails is shown to
// the person (a notice and a stale mark on the run's evidence), not swallowed while the evidence
// silently stops. The client's socket is disconnected and connected by hand, so the order of
// events does not depend on timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { FAST_STRONG_SIM } from '../../server/testing/runHarness';
import { connectClient, makeWorkspace, startTestServer, TEST_TOKEN, waitFor } from '../../server/testing/fixtures';
import { isFinished } from '../protocol';
import { RunsClient } from './runsClient';
import type { ClientSocket } from './socket';
import { useEvidenceStore } from './stores/evidenceStore';
import { useNoticeStore } from './stores/noticeStore';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  const workspace = makeWorkspace({ 'src/sum.js': 'export const total = 1;\n' });
  s = await startTestServer({ workspace }, FAST_STRONG_SIM);
});
afterAll(() => s.close());

describe('RunsClient re-subscribe after reconnect', () => {
  it('says when a watched run’s evidence stops being live, in a notice and on the evidence', async () => {
    const adaSocket = await connectClient(s.url, { name: 'Ada' });
    const ada = new RunsClient(adaSocket);
    const auth = { token: TEST_TOKEN, name: 'Flo' };
    const socket: ClientSocket = io(s.url, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const flo = new RunsClient(socket);
    const run = await ada.start({ instruction: 'rename total to sum in src/sum.js', validation: null });
    await flo.refresh();
    await flo.watch(run.id);
    await waitFor(() => isFinished(flo.run(run.id)?.status ?? 'queued'), 15_000, 'run finished');
    const seen = flo.evidence(run.id).length;
    expect(seen).toBeGreaterThan(0);

    // A reconnect while the run exists: subscribed again, nothing stale.
    socket.disconnect();
    socket.connect();
    await waitFor(() => socket.connected, 5000, 'reconnected');
    await flo.refresh();
    expect(flo.staleReason(run.id)).toBeUndefined();

    // The run is discarded while Flo is away: the re-subscribe fails, and Flo is told.
    socket.disconnect();
    await ada.discard(run.id);
    socket.connect();
    await waitFor(() => flo.staleReason(run.id) !== undefined, 5000, 'stale mark');
    const reason = flo.staleReason(run.id)!;
    expect(reason).toMatch(/^The evidence of run “rename total to sum in src\/sum\.js” ends here: .*no run/);
    expect(useEvidenceStore.getState().staleByRun[run.id]).toBe(reason);
    expect(useNoticeStore.getState().notices.map((n) => `${n.level}: ${n.message}`)).toContain(`warning: ${reason}`);
    expect(flo.evidence(run.id)).toHaveLength(seen);
    socket.disconnect();
    adaSocket.disconnect();
  });
});
