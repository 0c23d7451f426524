// Redis going away and coming back, with a real redis-server and its append-only file: nodes keep
// serving their people from memory, an edit made meanwhile is acknowledged only once Redis has it,
// and the nodes resync — each reads the log on from where it was. An edit Redis does not confirm in
// time is refused with a clear message, and still written (in order) when Redis is back. An edit Redis
// refuses (out of memory) is refused to its sender, and it and the edits behind it are written in
// order once Redis takes writes again.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdateMessage } from '../collab/syncMessages';
import { makeWorkspace, openDoc, rawEmit, settled, waitFor } from '../testing/fixtures';
import { clusterFixture } from './clusterFixture';

const fx = clusterFixture();
const PATH = 'src/app.ts';

describe('Redis restarted', () => {
  it('edits made while it is down are acknowledged once it is back, and both nodes resync', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const onA = await fx.editor(a.url, PATH);
    const onB = await fx.editor(b.url, PATH);
    onA.text.insert(0, '// before\n');
    await settled(onA);
    await fx.waitForText(onB, (t) => t.startsWith('// before\n'), 'the first edit on B');

    await fx.redis().stop();
    onA.text.insert(0, '// while down\n');
    // Not acknowledged while Redis cannot keep it; the person's copy and node A's have it meanwhile.
    await new Promise((r) => setTimeout(r, 500));
    expect(onA.pending).toBeGreaterThan(0);

    await fx.redis().restart();
    await waitFor(() => onA.pending === 0, 30_000, 'the edit made while Redis was down to be acknowledged');
    await fx.waitForText(onB, (t) => t.startsWith('// while down\n// before\n'), 'that edit on B');
    onB.text.insert(0, '// after\n');
    await fx.waitForText(onA, (t) => t.startsWith('// after\n// while down\n// before\n'), 'a new edit from B on A');
    await settled(onB);
    // The log kept what was written before the restart (append-only file) and what came after.
    expect(await fx.storedText(a, PATH)).toBe(onA.text.toString());
  }, 90_000);

  it('an edit Redis does not confirm in time is refused with a message, and written once it is back', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws, { durableWaitMs: 300 });
    const b = await fx.node('b', ws);
    const socket = await fx.person(a.url);
    const onA = await openDoc(socket, PATH);
    const onB = await fx.editor(b.url, PATH);

    await fx.redis().stop();
    // The update a browser would send, without a CollabDoc (whose error handler throws in tests).
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(onA.doc));
    let update: Uint8Array | null = null;
    copy.on('update', (u: Uint8Array) => (update = u));
    copy.getText('content').insert(0, '// not safe yet\n');
    const reply = await rawEmit(socket, 'doc/sync', { path: PATH, data: encodeUpdateMessage(update!) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(JSON.stringify(reply)).toMatch(/Redis has not confirmed this edit.*writes it when Redis is back/);

    await fx.redis().restart();
    await fx.waitForText(onB, (t) => t.startsWith('// not safe yet\n'), 'the refused edit, written later, on B');
    expect(await fx.storedText(a, PATH)).toBe(onB.text.toString());
  }, 90_000);

  it('edits Redis refuses are refused to their sender, and written in order once Redis takes writes', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const socket = await fx.person(a.url);
    const onA = await openDoc(socket, PATH);
    const onB = await fx.editor(b.url, PATH);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(onA.doc));
    const updates: Uint8Array[] = [];
    copy.on('update', (u: Uint8Array) => updates.push(u));
    copy.getText('content').insert(0, '// first\n');
    copy.getText('content').insert(0, '// second\n');

    // Redis answers, but refuses every write (OOM) while its memory limit is below what it uses.
    await fx.direct().config('SET', 'maxmemory', '1');
    try {
      const replies = await Promise.all(
        updates.map((u) => rawEmit(socket, 'doc/sync', { path: PATH, data: encodeUpdateMessage(u) })),
      );
      for (const reply of replies) {
        expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
        expect(JSON.stringify(reply)).toMatch(/could not be stored \(OOM.*in order/);
      }
    } finally {
      await fx.direct().config('SET', 'maxmemory', '0');
    }
    await fx.waitForText(onB, (t) => t.startsWith('// second\n// first\n'), 'both refused edits, written later, on B');
    await waitFor(async () => (await fx.storedText(a, PATH)) === onB.text.toString(), 20_000, 'both in Redis');
  }, 90_000);
});
