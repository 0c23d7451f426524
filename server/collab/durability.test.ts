// A server killed with SIGKILL and started again keeps every acknowledged edit, and a client
// that kept editing while it was down resyncs by itself when it comes back.
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { CollabDoc } from '../../lib/client/collabDoc';
import { toBytes } from '../../lib/protocol';
import type { ClientSocket } from '../../lib/client/socket';
import { connectClient, makeWorkspace, openDoc, settled, tempDir, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { startServerProcess, type ServerProcess } from '../testing/serverProcess';

let running: ServerProcess[] = [];
afterEach(async () => {
  await Promise.all(running.map((p) => p.kill()));
  running = [];
});

async function boot(workspace: string, dataDir: string, port?: number) {
  const p = await startServerProcess({ workspace, dataDir, port, token: TEST_TOKEN, env: { TANDEM_AUTOSAVE_MS: '0' } });
  running.push(p);
  return p;
}

describe('durability', () => {
  it('keeps acknowledged edits across kill -9 and resyncs a reconnecting client', async () => {
    const workspace = makeWorkspace();
    const dataDir = tempDir('data');
    const first = await boot(workspace, dataDir);
    const port = Number(new URL(first.url).port);

    const socket: ClientSocket = io(first.url, {
      transports: ['websocket'],
      auth: { token: TEST_TOKEN, name: 'survivor' },
      reconnectionDelay: 50,
      reconnectionDelayMax: 200,
    });
    const doc = new CollabDoc('src/app.ts', socket, () => undefined);
    socket.on('doc/sync', ({ path: p, data }) => p === 'src/app.ts' && doc.receive(toBytes(data)));
    socket.on('connect', () => void doc.sync().catch(() => undefined));
    await doc.whenSynced();

    doc.text.insert(0, '// acknowledged edit\n');
    await settled(doc);
    await first.kill('SIGKILL');
    await waitFor(() => !socket.connected, 5000, 'disconnect');

    doc.text.insert(0, '// offline edit\n');

    const second = await boot(workspace, dataDir, port);
    await waitFor(() => socket.connected, 10_000, 'reconnect');
    const other = await connectClient(second.url);
    const seen = await openDoc(other, 'src/app.ts');
    await waitFor(
      () => seen.text.toString().startsWith('// offline edit\n// acknowledged edit\nexport function add'),
      10_000,
      'resync',
    );
    expect(doc.text.toString()).toBe(seen.text.toString());
    expect(fs.readFileSync(path.join(workspace, 'src/app.ts'), 'utf8')).not.toContain('acknowledged');
    socket.disconnect();
    other.disconnect();
  }, 60_000);
});
