// Integration: a fast-lane turn outlives its asker's dropped connection. The stream goes on (a
// collaborator keeps watching it); the asker, back with the same client key, follows and steers
// it again; someone else's key cannot; after the grace period the turn ends interrupted with
// everything it produced. Real sockets, the simulated model over real HTTP.
import { describe, expect, it } from 'vitest';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { FastStateEvent } from '../../lib/protocol';
import { clientIdOf } from '../../lib/client/clientId';
import { TOTAL_CODE } from '../testing/fastLaneFixture';
import { testServers } from '../testing/testServers';
import { connectClient, makeWorkspace, openDoc, startTestServer, waitFor } from '../testing/fixtures';
import { heldFirstFastStream } from '../testing/heldStream';

const { track } = testServers();
const ADA_KEY = 'ada-tab-key-0123456789abcdef';
const RENAME = { path: 'src/sum.ts', range: { startLine: 1, endLine: 7 }, instruction: 'rename total to sum' };

/** A server whose first fast stream holds after a few tokens; Ada (by key) and Bob have the file open. */
async function setup(graceMs: number, adaKey: string | null = ADA_KEY) {
  const workspace = makeWorkspace({
    'src/sum.ts': TOTAL_CODE,
    'tandem.config.json': JSON.stringify(heldFirstFastStream(12)),
  });
  const s = track(await startTestServer({ workspace, fastReconnectGraceMs: graceMs }, {}));
  const ada = await connectClient(s.url, { name: 'Ada', ...(adaKey ? { clientKey: adaKey } : {}) });
  await openDoc(ada, 'src/sum.ts');
  const bob = await connectClient(s.url, { name: 'Bob' });
  await openDoc(bob, 'src/sum.ts');
  const seen = { output: '', states: [] as FastStateEvent[] };
  bob.on('fast/delta', (d) => (seen.output = seen.output.slice(0, d.from) + d.text));
  bob.on('fast/state', (e) => seen.states.push(e));
  const { turn } = await request(ada, 'fast/start', RENAME);
  await waitFor(() => seen.output.length > 10, 10_000, 'some output at Bob');
  return { s, ada, bob, seen, turn };
}

async function reconnect(url: string, key?: string): Promise<ClientSocket> {
  const socket = await connectClient(url, { name: 'Ada', ...(key ? { clientKey: key } : {}) });
  await openDoc(socket, 'src/sum.ts');
  return socket;
}

describe('a fast-lane turn across a dropped connection', () => {
  it('streams on while the asker is away; back with the same key, they see it as theirs and stop it', async () => {
    const { s, ada, bob, seen, turn } = await setup(30_000);
    const before = clientIdOf(ada);
    expect(turn.byClient).toBe(before);
    ada.disconnect();
    // Nothing ended it: Bob sees no state change, and the turn is still there for a snapshot.
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.states.map((e) => e.state)).not.toContain('rejected');
    const { turn: still } = await request(bob, 'fast/snapshot', { path: 'src/sum.ts', requestId: turn.requestId });
    expect(still.state).toBe('streaming');

    // Someone with another key (or none) cannot touch it.
    const other = await reconnect(s.url);
    await expect(request(other, 'fast/interrupt', { requestId: turn.requestId })).rejects.toMatchObject({
      code: 'not_found',
    });

    const back = await reconnect(s.url, ADA_KEY);
    expect(clientIdOf(back)).toBe(before);
    const { turn: mine } = await request(back, 'fast/snapshot', { path: 'src/sum.ts', requestId: turn.requestId });
    expect(mine.info.byClient).toBe(clientIdOf(back));
    expect(mine.output.length).toBeGreaterThan(10);
    const { metrics } = await request(back, 'fast/interrupt', { requestId: turn.requestId });
    expect(metrics).toBeDefined();
    await waitFor(() => seen.states.some((e) => e.state === 'interrupted'), 10_000, 'interrupted at Bob');
    await request(back, 'fast/resolve', { requestId: turn.requestId, outcome: 'rejected' });
    await waitFor(() => seen.states.at(-1)?.state === 'rejected', 10_000, 'rejected at Bob');
    for (const c of [back, other, bob]) c.disconnect();
  });

  it('ends the turn as interrupted, output kept, when the asker does not come back in time', async () => {
    const { s, ada, bob, seen, turn } = await setup(400);
    ada.disconnect();
    await waitFor(() => seen.states.some((e) => e.state === 'interrupted'), 10_000, 'interrupted at Bob');
    expect(seen.states.find((e) => e.state === 'interrupted')!.message).toBe(
      'Ada was disconnected for more than 400 ms',
    );
    const { turns } = await request(bob, 'fast/history', { path: 'src/sum.ts' });
    const recorded = turns.find((t) => t.requestId === turn.requestId)!;
    expect(recorded.outcome).toBe('interrupted');
    expect(recorded.output).toBe(seen.output);
    expect(recorded.output.length).toBeGreaterThan(10);
    // Back too late: the turn is on record, no longer in the lane.
    const back = await reconnect(s.url, ADA_KEY);
    await expect(request(back, 'fast/interrupt', { requestId: turn.requestId })).rejects.toMatchObject({
      code: 'not_found',
    });
    for (const c of [back, bob]) c.disconnect();
  });

  it('a person who closes the file ends their ghost at once, as rejected', async () => {
    const { ada, bob, seen } = await setup(30_000);
    await request(ada, 'doc/close', { path: 'src/sum.ts' });
    await waitFor(() => seen.states.at(-1)?.state === 'rejected', 10_000, 'rejected at Bob');
    expect(seen.states.at(-1)!.message).toBe('Ada closed the file');
    for (const c of [ada, bob]) c.disconnect();
  });

  it('a connection without a client key cannot come back: its stream stops when it goes', async () => {
    const { ada, bob, seen } = await setup(30_000, null);
    ada.disconnect();
    await waitFor(() => seen.states.some((e) => e.state === 'interrupted'), 10_000, 'interrupted at Bob');
    expect(seen.states.find((e) => e.state === 'interrupted')!.message).toBe('Ada disconnected');
    bob.disconnect();
  });
});
