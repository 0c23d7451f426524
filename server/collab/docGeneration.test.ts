// Integration (real Socket.IO, real SQLite): a document started over in a new generation while
// two people type in it converges with every character once; a message made in the old
// generation is refused and changes nothing, and edits made offline across a reset are rebased;
// a restart loads the new generation. Plus the pure parts of docGeneration.ts.
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { CollabDoc } from '../../lib/client/collabDoc';
import { connectClient, openDoc, rawEmit, settled, waitFor } from '../testing/fixtures';
import { testServers } from '../testing/testServers';
import { carryOver, deletedRuns, freshDoc } from './docGeneration';

const { start, track } = testServers();
const PATH = 'src/app.ts';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Types `word` at a random word boundary, then deletes this person's oldest word past `keep`. */
function typeAndTrim(doc: CollabDoc, word: string, own: RegExp, keep: number): void {
  const text = doc.text.toString();
  const spaces = [0, ...[...text.matchAll(/ /g)].map((m) => m.index! + 1)];
  doc.text.insert(spaces[Math.floor(Math.random() * spaces.length)]!, `${word} `);
  const mine = doc.text.toString().match(own) ?? [];
  if (mine.length > keep) {
    const oldest = mine.sort((x, y) => Number(x.replace(/\D/g, '')) - Number(y.replace(/\D/g, '')))[0]!;
    doc.text.delete(doc.text.toString().indexOf(`${oldest} `), oldest.length + 1);
  }
}

describe('document generations', () => {
  it('two people typing across resets converge, each word once; a restart loads the new generation', async () => {
    const s = await start({ docGenerationDeleted: 15 });
    const [a, b] = [await connectClient(s.url, { name: 'A' }), await connectClient(s.url, { name: 'B' })];
    const [da, db] = [await openDoc(a, PATH), await openDoc(b, PATH)];
    const keep = 4;
    for (let i = 0; i < 40; i++) {
      typeAndTrim(da, `‹a${i}›`, /‹a\d+›/g, keep);
      typeAndTrim(db, `‹b${i}›`, /‹b\d+›/g, keep);
      await pause(i % 3 === 0 ? 15 : 1);
    }
    // Someone joins a started-over document while the others type: the updates sent while it syncs count too.
    const joiner = await connectClient(s.url, { name: 'C' });
    const typing = (async () => {
      for (let i = 40; i < 50; i++) {
        typeAndTrim(da, `‹a${i}›`, /‹a\d+›/g, keep);
        typeAndTrim(db, `‹b${i}›`, /‹b\d+›/g, keep);
        await pause(2);
      }
    })();
    const [joined] = await Promise.all([openDoc(joiner, PATH), typing]);
    await settled(da);
    await settled(db);
    await waitFor(() => da.text.toString() === db.text.toString(), 10_000, 'both copies equal');
    await waitFor(() => joined.text.toString() === da.text.toString(), 10_000, 'the late joiner’s copy equal');
    joiner.disconnect();
    expect(da.generation).toBeGreaterThanOrEqual(2);
    expect(db.generation).toBe(da.generation);
    const final = da.text.toString();
    for (const i of [46, 47, 48, 49]) {
      expect(final.split(`‹a${i}›`).length - 1).toBe(1);
      expect(final.split(`‹b${i}›`).length - 1).toBe(1);
    }
    expect(final.match(/‹[ab]\d+›/g)).toHaveLength(2 * keep);
    a.disconnect();
    b.disconnect();
    const { config } = s;
    await s.close();
    const again = track(await (await import('../testing/fixtures')).startTestServer(config));
    const c = await connectClient(again.url);
    const dc = await openDoc(c, PATH);
    expect(dc.generation).toBe(da.generation);
    expect(dc.text.toString()).toBe(final);
    c.disconnect();
  });

  it('refuses an old generation’s message (old_generation), changing nothing; offline edits are rebased', async () => {
    const s = await start({ docGenerationDeleted: 5 });
    const [a, b] = [await connectClient(s.url, { name: 'A' }), await connectClient(s.url, { name: 'B' })];
    const [da, db] = [await openDoc(a, PATH), await openDoc(b, PATH)];
    a.disconnect();
    da.text.insert(0, 'OFFLINE ');
    for (let i = 0; i < 8; i++) typeAndTrim(db, `‹b${i}›`, /‹b\d+›/g, 1);
    await settled(db);
    await waitFor(() => db.generation > 0, 10_000, 'a new generation');
    const before = db.text.toString();
    const stale = new Y.Doc();
    stale.getText('content').insert(0, 'STALE');
    const encoder = encoding.createEncoder();
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(stale));
    const reply = await rawEmit(b, 'doc/sync', { path: PATH, data: encoding.toUint8Array(encoder), generation: 0 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'old_generation' } });
    a.connect();
    await waitFor(() => a.connected, 5000, 'reconnect');
    await da.sync();
    await settled(da);
    await waitFor(() => da.text.toString() === db.text.toString(), 10_000, 'both copies equal');
    expect(da.generation).toBe(db.generation);
    // B may have typed at the very start too: the two inserts at one place can land in either order.
    const final = db.text.toString();
    expect(final.split('OFFLINE ').length - 1).toBe(1);
    expect(final.replace('OFFLINE ', '')).toBe(before);
    a.disconnect();
    b.disconnect();
  });
});

describe('docGeneration parts', () => {
  it('counts deleted runs, builds a fresh document with the same text, and carries later edits over', () => {
    const doc = new Y.Doc();
    const text = doc.getText('content');
    let runs = 0;
    doc.on('afterTransaction', (tr: Y.Transaction) => void (runs += deletedRuns(tr)));
    text.insert(0, 'one two three four');
    doc.transact(() => {
      text.delete(0, 4);
      text.delete(4, 6);
    });
    expect(runs).toBe(2);
    const fresh = freshDoc(text.toString());
    expect(fresh.getText('content').toString()).toBe('two four');
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(fresh));
    const carried = carryOver(fresh, 'two four', 'two 2 four!');
    expect(fresh.getText('content').toString()).toBe('two 2 four!');
    Y.applyUpdate(other, carried!);
    expect(other.getText('content').toString()).toBe('two 2 four!');
    expect(carryOver(fresh, 'same', 'same')).toBeNull();
  });
});
