// Documents across nodes, with a real redis-server: an edit on one node reaches people on another
// (both ways), it is in Redis before its acknowledgement, a node that starts later catches up, and
// compaction keeps a document's log bounded; a file deleted through one node stays deleted.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { DocRoom } from '../collab/docRoom';
import { COMPACT_AFTER } from '../collab/roomLog';
import { makeWorkspace, openDoc, settled, waitFor } from '../testing/fixtures';
import { clusterFixture } from './clusterFixture';
import { docKeys } from './keys';

const fx = clusterFixture();
const PATH = 'src/app.ts';

describe('documents across nodes', () => {
  it('an edit on node A reaches a person on node B and back, and is in Redis before its acknowledgement', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const onA = await fx.editor(a.url, PATH, 'Ann');
    const onB = await fx.editor(b.url, PATH, 'Bob');

    onA.text.insert(0, '// from A\n');
    await settled(onA);
    expect(await fx.storedText(a, PATH)).toMatch(/^\/\/ from A\n/);
    await fx.waitForText(onB, (t) => t.startsWith('// from A\n'), 'the edit from A on B');

    onB.text.insert(0, '// from B\n');
    await settled(onB);
    expect(await fx.storedText(b, PATH)).toMatch(/^\/\/ from B\n\/\/ from A\n/);
    await fx.waitForText(onA, (t) => t.startsWith('// from B\n// from A\n'), 'the edit from B on A');
    // Nothing arrives twice: each node sends its own people only what its copy applied.
    expect(onA.text.toString()).toBe(onB.text.toString());
    expect(onA.text.toString().match(/from A/g)).toHaveLength(1);
  });

  it('a node that starts later catches up, and its edits reach the first node', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const onA = await fx.editor(a.url, PATH);
    for (let i = 0; i < 20; i++) onA.text.insert(0, `// ${i}\n`);
    await settled(onA);

    const c = await fx.node('c', ws);
    const onC = await fx.editor(c.url, PATH);
    expect(onC.text.toString()).toBe(onA.text.toString());
    onC.text.insert(onC.text.length, '// from C\n');
    await fx.waitForText(onA, (t) => t.endsWith('// from C\n'), 'the edit from C on A');
  });

  it('two nodes opening a new document at once fill it from disk once', async () => {
    const ws = makeWorkspace();
    const [a, b] = await Promise.all([fx.node('a', ws), fx.node('b', ws)]);
    const [onA, onB] = await Promise.all([fx.editor(a.url, PATH), fx.editor(b.url, PATH)]);
    await settled(onA);
    await fx.waitForText(onB, (t) => t === onA.text.toString(), 'both copies to agree');
    expect(onA.text.toString().match(/export function add/g)).toHaveLength(1);
    expect(await fx.storedText(a, PATH)).toBe(onA.text.toString());
  });

  it('compaction keeps the log bounded while both nodes keep every edit', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const onA = await fx.editor(a.url, PATH);
    const onB = await fx.editor(b.url, PATH);
    const edits = Math.round(COMPACT_AFTER * 2.5);
    for (let i = 0; i < edits; i++) {
      (i % 2 ? onA : onB).text.insert(0, 'x');
      if (i % 50 === 49) await Promise.all([settled(onA), settled(onB)]);
    }
    await Promise.all([settled(onA), settled(onB)]);
    const want = (t: string) => t.startsWith('x'.repeat(edits)) && !t.startsWith('x'.repeat(edits + 1));
    await fx.waitForText(onA, want, 'every edit on A');
    await fx.waitForText(onB, want, 'every edit on B');
    const length = await fx.direct().xlen(docKeys(DocRoom.idFor(a.workspace, PATH)).log);
    expect(length).toBeLessThan(COMPACT_AFTER * 1.5);
    expect(await fx.storedText(a, PATH)).toBe(onA.text.toString());
  });

  it('a file deleted through one node is closed on the others and not saved back', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws, { autosaveMs: 50 });
    const b = await fx.node('b', ws, { autosaveMs: 50 });
    const onA = await fx.person(a.url);
    await openDoc(onA, PATH);
    const onB = await fx.person(b.url);
    await openDoc(onB, PATH);
    const removed: string[] = [];
    onB.on('doc/removed', (e) => removed.push(e.path));

    expect((await request(onA, 'doc/delete', { path: PATH })).deleted).toBe(true);
    await waitFor(() => removed.includes(PATH), 20_000, 'the people on B to be told');
    // Long enough for B's disk watcher to notice the deletion (a copy kept open would save it back on close).
    await new Promise((r) => setTimeout(r, 500));
    await request(onB, 'doc/close', { path: PATH });
    await new Promise((r) => setTimeout(r, 500));
    expect(fs.existsSync(path.join(ws, PATH))).toBe(false);
    expect(await fx.direct().exists(docKeys(DocRoom.idFor(a.workspace, PATH)).log)).toBe(0);
  });
});
