// Saving once in a cluster, with a real redis-server: only the lease holder writes the file (an
// explicit save on another node is done by the holder, once); when the holder is killed with
// SIGKILL its lease runs out and another node saves the edits it left; a holder whose lease was
// taken over while it still believed it held it (a stall past its lease) does not write — fencing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { DocRoom } from '../collab/docRoom';
import { makeWorkspace, openDoc, settled, TEST_TOKEN, tempDir, waitFor } from '../testing/fixtures';
import { startServerProcess } from '../testing/serverProcess';
import { clusterFixture, type Node } from './clusterFixture';
import { docKeys } from './keys';

const fx = clusterFixture();
const PATH = 'src/app.ts';

/** Counts the node's writes of files. */
function countWrites(node: Node): () => number {
  let writes = 0;
  const write = node.workspace.writeText.bind(node.workspace);
  node.workspace.writeText = async (...args) => {
    writes++;
    return write(...args);
  };
  return () => writes;
}

describe('saving in a cluster', () => {
  it('both nodes saving the same file write it once, and both say saved', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws);
    const b = await fx.node('b', ws);
    const writes = [countWrites(a), countWrites(b)];
    const [sA, sB] = [await fx.person(a.url), await fx.person(b.url)];
    const onA = await openDoc(sA, PATH);
    const onB = await openDoc(sB, PATH);
    onB.text.insert(0, '// saved once\n');
    await settled(onB);
    await fx.waitForText(onA, (t) => t.startsWith('// saved once'), 'the edit on A');

    const onDisk = () => fs.readFileSync(path.join(ws, PATH), 'utf8');
    const [fromA, fromB] = await Promise.all([
      request(sA, 'doc/save', { path: PATH }),
      request(sB, 'doc/save', { path: PATH }),
    ]);
    expect(fromA.status.state).toBe('saved');
    expect(fromB.status.state).toBe('saved');
    expect(writes[0]() + writes[1]()).toBe(1);
    expect(onDisk()).toBe(onA.text.toString());
    expect(onDisk().match(/saved once/g)).toHaveLength(1);

    // A second round from the other side: one more write, by the holder again.
    onA.text.insert(0, '// again\n');
    await settled(onA);
    await fx.waitForText(onB, (t) => t.startsWith('// again'), 'the second edit on B');
    await request(sB, 'doc/save', { path: PATH });
    expect(writes[0]() + writes[1]()).toBe(2);
    expect(onDisk()).toBe(onB.text.toString());
  });

  it('a holder killed with SIGKILL: its lease runs out and another node saves what it left', async () => {
    const ws = makeWorkspace();
    // A real process, so the kill is real: it holds the file and never saves (autosave off).
    const a = await startServerProcess({
      workspace: ws,
      dataDir: tempDir('data-a'),
      token: TEST_TOKEN,
      env: { REDIS_URL: fx.redis().url, TANDEM_NODE_ID: 'a', TANDEM_AUTOSAVE_MS: '0' },
    });
    try {
      const onA = await fx.editor(a.url, PATH);
      const b = await fx.node('b', ws, { autosaveMs: 200 });
      const onB = await fx.editor(b.url, PATH);
      const writesOnB = countWrites(b);
      onA.text.insert(0, '// left by A\n');
      await settled(onA);
      await fx.waitForText(onB, (t) => t.startsWith('// left by A'), 'the edit on B');
      // B leaves the file to its holder while A lives.
      await new Promise((r) => setTimeout(r, 600));
      expect(writesOnB()).toBe(0);

      await a.kill('SIGKILL');
      const onDisk = () => fs.readFileSync(path.join(ws, PATH), 'utf8');
      await waitFor(() => onDisk().startsWith('// left by A'), 30_000, 'B to save the edit A left');
      expect(writesOnB()).toBe(1);
      expect(onDisk()).toBe(onB.text.toString());
    } finally {
      await a.kill('SIGKILL');
    }
  }, 120_000);

  it('a holder whose lease was taken over while it stalled does not write; the new holder writes once', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws, { autosaveMs: 0 });
    const keys = docKeys(DocRoom.idFor(a.workspace, PATH));
    const sA = await fx.person(a.url);
    const onA = await openDoc(sA, PATH);
    await waitFor(async () => (await fx.direct().get(keys.lease)) === 'a', 20_000, 'A to hold the lease');
    const b = await fx.node('b', ws, { autosaveMs: 0 });
    const onB = await fx.editor(b.url, PATH);
    const writes = [countWrites(a), countWrites(b)];
    onA.text.insert(0, '// fenced\n');
    await settled(onA);
    await fx.waitForText(onB, (t) => t.startsWith('// fenced\n'), 'the edit on B');

    // What a stall past the lease leaves: Redis gave the lease to B (a new token) while A, whose
    // clock saw no time pass, still believes it holds it. B's renewals then keep it.
    await fx.direct().multi().set(keys.lease, 'b', 'PX', 5000).incr(keys.fence).exec();
    const reply = await request(sA, 'doc/save', { path: PATH });
    expect(reply.status.state).toBe('saved');
    expect(writes[0]()).toBe(0);
    expect(writes[1]()).toBe(1);
    expect(fs.readFileSync(path.join(ws, PATH), 'utf8')).toBe(onB.text.toString());
  }, 60_000);
});
