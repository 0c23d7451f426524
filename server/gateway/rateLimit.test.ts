// Rate limits at the real door (issue 14): a connection past its events per second is refused with
// `rate_limited` and the limit in the message, nothing changes, and a flood closes the connection
// (the server stays up); a person past their model requests per minute starts nothing more.
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import type { Ack } from '../../lib/protocol';
import { connectClient, openDoc, rawEmit, startTestServer, waitFor } from '../testing/fixtures';
import { DEFAULT_LIMITS, type Limits } from '../limits/limits';

let s: Awaited<ReturnType<typeof startTestServer>> | null = null;
afterEach(async () => {
  await s?.close();
  s = null;
});

const start = async (limits: Partial<Limits>) => {
  s = await startTestServer({ limits: { ...DEFAULT_LIMITS, ...limits } });
  return s;
};

describe('rate limits', () => {
  it('refuse events past the burst, changing nothing, and close a flooding connection', async () => {
    // One event per 100 s: nothing refills during the test, whatever the machine's speed.
    const { url } = await start({ eventsPerSec: 0.01, eventsBurst: 8 });
    const socket = await connectClient(url);
    const doc = await openDoc(socket, 'src/app.ts');
    const text = doc.text.toString();
    let reply = await rawEmit(socket, 'workspace/info', {});
    for (let i = 0; i < 8 && reply.ok; i++) reply = await rawEmit(socket, 'workspace/info', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(!reply.ok && reply.error.message).toMatch(/per second per connection.*nothing was done, retry in/);
    expect(await rawEmit(socket, 'doc/delete', { path: 'src/app.ts' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    const replies: Ack[] = [];
    for (let i = 0; i < 20 && !/is closed/.test(JSON.stringify(replies.at(-1) ?? '')); i++)
      replies.push(await rawEmit(socket, 'workspace/info', {}));
    expect(replies.every((r) => !r.ok && r.error.code === 'rate_limited')).toBe(true);
    expect(JSON.stringify(replies.at(-1))).toMatch(/kept on far past it and is closed/);
    await waitFor(() => !socket.connected, 10_000, 'the flooding connection closed');
    // Nothing changed, and the server serves others.
    const other = await connectClient(url, { name: 'other' });
    const again = await openDoc(other, 'src/app.ts');
    expect(again.text.toString()).toBe(text);
    other.close();
  });

  it('refuse model requests past the per-person limit, in that lane only', async () => {
    const { url } = await start({ modelPerMin: 1 });
    const ana = await connectClient(url, { name: 'ana' });
    await openDoc(ana, 'src/app.ts');
    const ask = { path: 'src/app.ts', range: { startLine: 1, endLine: 3 }, instruction: 'rename a to x' };
    await request(ana, 'fast/start', ask);
    const refused = await rawEmit(ana, 'fast/start', ask);
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(!refused.ok && refused.error.message).toMatch(/fast-lane requests: the limit is 1 per minute per person/);
    // Another person, on another connection, is not held back by ana's limit.
    const bo = await connectClient(url, { name: 'bo' });
    await openDoc(bo, 'src/app.ts');
    expect((await rawEmit(bo, 'fast/start', { ...ask, instruction: 'rename b to y' })).ok).toBe(true);
    ana.close();
    bo.close();
  });
});
