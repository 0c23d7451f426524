// Redis losing its data under a running cluster (FLUSHALL here; a restart without its append-only
// file looks the same to the nodes): they notice (the cluster epoch is gone), write every open
// document again from memory and read its log from the start — edits on both nodes still meet, and
// a node that opens the document afterwards gets the whole text from Redis.
import { describe, expect, it } from 'vitest';
import { makeWorkspace, settled, waitFor } from '../testing/fixtures';
import { clusterFixture } from './clusterFixture';

const fx = clusterFixture();
const PATH = 'src/app.ts';

describe('Redis lost its data', () => {
  it('the nodes write their documents again: edits on both meet, and a later node sees the full text', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const onA = await fx.editor(a.url, PATH);
    const onB = await fx.editor(b.url, PATH);
    onA.text.insert(0, '// before, from A\n');
    await settled(onA);
    await fx.waitForText(onB, (t) => t.startsWith('// before, from A\n'), 'the first edit on B');

    await fx.direct().flushall();
    onA.text.insert(0, '// after, from A\n');
    onB.text.insert(onB.text.length, '// after, from B\n');
    await Promise.all([settled(onA), settled(onB)]);
    const full = (t: string) =>
      t.startsWith('// after, from A\n// before, from A\n') && t.endsWith('// after, from B\n');
    await fx.waitForText(onA, full, "B's edit on A");
    await fx.waitForText(onB, full, "A's edit on B");
    expect(onA.text.toString()).toBe(onB.text.toString());
    const stored = async () => (await fx.storedText(a, PATH)) === onA.text.toString();
    await waitFor(stored, 20_000, 'Redis to hold it all again');

    const c = await fx.node('c', ws);
    const onC = await fx.editor(c.url, PATH);
    expect(onC.text.toString()).toBe(onA.text.toString());
    onC.text.insert(0, '// from C\n');
    await fx.waitForText(onA, (t) => t.startsWith('// from C\n// after, from A\n'), "C's edit on A");
    await fx.waitForText(onB, (t) => t === onA.text.toString(), "C's edit on B");
  }, 90_000);
});
