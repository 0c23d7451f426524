// Integration: Tandem killed with SIGKILL while a ghost streams. After the restart the asker's
// page (the same client key) gets the turn back from the transcript as interrupted, with the
// output recorded before the crash, and can still accept or reject it; collaborators are told.
// Real processes, real SQLite, the simulated model over real HTTP.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastStateEvent } from '../../lib/protocol';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { connectClient, makeWorkspace, openDoc, tempDir, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { startServerProcess } from '../testing/serverProcess';

const PATH = 'src/sum.ts';
const ADA_KEY = 'ada-tab-key-0123456789abcdef';

describe('a fast-lane turn across a crash', () => {
  it('comes back interrupted with its recorded output, and its asker can still accept it', async () => {
    // Every fast stream holds after 12 tokens: the turn is mid-stream when the process dies.
    const workspace = makeWorkspace({
      [PATH]: TOTAL_CODE,
      'tandem.config.json': JSON.stringify({
        models: { fast: { model: 'sim-fast+stall:12', stallTimeoutMs: 600_000 } },
      }),
    });
    const dataDir = tempDir('data');
    const env = { TANDEM_CONFIG: path.join(workspace, 'tandem.config.json') };
    const start = async () => startServerProcess({ workspace, dataDir, token: TEST_TOKEN, env });
    const sockets: ClientSocket[] = [];
    const person = async (url: string, name: string, clientKey?: string) => {
      const socket = await connectClient(url, { name, ...(clientKey ? { clientKey } : {}) });
      sockets.push(socket);
      await openDoc(socket, PATH);
      return socket;
    };
    const first = await start();
    let second: Awaited<ReturnType<typeof start>> | null = null;
    try {
      const ada = await person(first.url, 'Ada', ADA_KEY);
      const bob = await person(first.url, 'Bob');
      let seen = '';
      bob.on('fast/delta', (d) => (seen = seen.slice(0, d.from) + d.text));
      const { turn } = await request(ada, 'fast/start', {
        path: PATH,
        range: { startLine: 1, endLine: 7 },
        instruction: 'rename total to sum',
      });
      await waitFor(() => seen.length > 10, 20_000, 'the ghost streaming');
      // The transcript takes a streaming turn's output every half second.
      await new Promise((r) => setTimeout(r, 1500));
      await first.kill('SIGKILL');

      second = await start();
      const back = await person(second.url, 'Ada', ADA_KEY);
      const { turn: left } = await request(back, 'fast/snapshot', { path: PATH, requestId: turn.requestId });
      expect(left.state).toBe('interrupted');
      expect(left.message).toBe('the server stopped while this streamed');
      expect(left.output.length).toBeGreaterThan(0);
      expect(seen.startsWith(left.output)).toBe(true);
      expect(left.info).toEqual(turn);

      // Someone else cannot resolve it; its asker can, and a collaborator hears it.
      const cid = await person(second.url, 'Cid');
      const told: FastStateEvent[] = [];
      cid.on('fast/state', (e) => told.push(e));
      await expect(
        request(cid, 'fast/resolve', { requestId: turn.requestId, outcome: 'rejected' }),
      ).rejects.toMatchObject({ code: 'not_found' });
      await request(back, 'fast/resolve', { requestId: turn.requestId, outcome: 'accepted', acceptedHunks: 1 });
      await waitFor(() => told.some((e) => e.state === 'accepted'), 20_000, 'the outcome told to Cid');
      expect(told.find((e) => e.state === 'accepted')!.seq).toBe(left.seq + 1);
      const { turns } = await request(cid, 'fast/history', { path: PATH });
      expect(turns.find((t) => t.requestId === turn.requestId)?.outcome).toBe('accepted');
      await expect(request(back, 'fast/snapshot', { path: PATH, requestId: turn.requestId })).rejects.toMatchObject({
        code: 'not_found',
      });
    } finally {
      sockets.forEach((s) => s.disconnect());
      await first.kill('SIGKILL');
      await second?.kill('SIGKILL');
    }
  }, 180_000);
});
