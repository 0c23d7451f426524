// News about documents reaches a node that was cut from Redis when it was told: node B talks to
// Redis through a TCP proxy the test cuts (every connection dropped, new ones refused) and mends.
// Meanwhile node A deletes a file, or saves one; once B is back it closes its copy of the deleted
// file, and its copy of the saved one says saved.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import * as Y from 'yjs';
import { encodeUpdateMessage } from '../collab/syncMessages';
import { makeWorkspace, openDoc, rawEmit, settled, waitFor } from '../testing/fixtures';
import { clusterFixture } from './clusterFixture';

const fx = clusterFixture();
const PATH = 'src/app.ts';

/** A TCP proxy to Redis that can be cut and mended. */
async function cuttableProxy(redisPort: number) {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(redisPort, '127.0.0.1');
    const pair = [client, upstream];
    for (const s of pair) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        pair.forEach((o) => o.destroy());
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      open = false;
      sockets.forEach((s) => s.destroy());
    },
    mend() {
      open = true;
    },
    close() {
      open = false;
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

describe('news for a node cut from Redis', () => {
  it('a file deleted while the node was cut off is closed there once it is back', async () => {
    const proxy = await cuttableProxy(fx.redis().port);
    try {
      const ws = makeWorkspace();
      const a = await fx.node('a', ws);
      const b = await fx.node('b', ws, { redisUrl: proxy.url });
      const sA = await fx.person(a.url);
      await openDoc(sA, PATH);
      const sB = await fx.person(b.url);
      await openDoc(sB, PATH);
      // Still open on B (an empty update is accepted only for an open document): B could save it back.
      const empty = encodeUpdateMessage(Y.encodeStateAsUpdate(new Y.Doc()));
      const openOnB = () => rawEmit(sB, 'doc/sync', { path: PATH, data: empty }).then((r) => r.ok);

      proxy.cut();
      expect((await request(sA, 'doc/delete', { path: PATH })).deleted).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      proxy.mend();
      await waitFor(async () => !(await openOnB()), 30_000, 'B to close its copy');
      expect(fs.existsSync(path.join(ws, PATH))).toBe(false);
    } finally {
      await fx.closeAll();
      proxy.close();
    }
  }, 90_000);

  it('a save done while the node was cut off: its copy says saved once it is back', async () => {
    const proxy = await cuttableProxy(fx.redis().port);
    try {
      const ws = makeWorkspace();
      const a = await fx.node('a', ws);
      const sA = await fx.person(a.url);
      const onA = await openDoc(sA, PATH);
      const b = await fx.node('b', ws, { redisUrl: proxy.url });
      const sB = await fx.person(b.url);
      const onB = await openDoc(sB, PATH);
      const states: string[] = [];
      sB.on('doc/status', (s) => states.push(s.state));
      onA.text.insert(0, '// saved while B was away\n');
      await settled(onA);
      await fx.waitForText(onB, (t) => t.startsWith('// saved while B was away'), 'the edit on B');
      await waitFor(() => states.at(-1) === 'dirty', 20_000, "B's copy to be unsaved");

      proxy.cut();
      expect((await request(sA, 'doc/save', { path: PATH })).status.state).toBe('saved');
      await new Promise((r) => setTimeout(r, 300));
      proxy.mend();
      await waitFor(() => states.at(-1) === 'saved', 30_000, "B's copy to say saved");
    } finally {
      await fx.closeAll();
      proxy.close();
    }
  }, 90_000);
});
