// Integration: the real server on a free port, driven by real socket.io-client connections.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { connectClient, openDoc, rawEmit, settled, waitFor } from '../testing/fixtures';
import { testServers } from '../testing/testServers';
import { WorkspacePresenceClient } from '../testing/presenceClient';

const { start } = testServers();

describe('gateway', () => {
  it('refuses a missing or wrong token with a clear error', async () => {
    const s = await start();
    await expect(connectClient(s.url, { token: 'wrong-token-xxxxxxx' })).rejects.toThrow(
      /unauthorized: wrong workspace token/,
    );
    await expect(connectClient(s.url, { token: '' })).rejects.toThrow(/unauthorized: no workspace token/);
    const res = await fetch(`${s.url}/api/health`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/workspace token/);
    const ok = await fetch(`${s.url}/api/health`, { headers: { Authorization: `Bearer ${s.config.token}` } });
    expect(ok.status).toBe(200);
    const viaQuery = await fetch(`${s.url}/api/health?token=${s.config.token}`);
    expect(viaQuery.headers.get('set-cookie')).toMatch(/tandem_token=.*HttpOnly/);
  });

  it('lists the workspace files', async () => {
    const s = await start();
    const c = await connectClient(s.url);
    const { workspace } = await request(c, 'workspace/info', {});
    expect(workspace.files.map((f) => f.path)).toEqual(['README.md', 'src/app.ts']);
    c.disconnect();
  });

  it('tells every client when another program adds a file, and the list has it', async () => {
    const s = await start();
    const [a, b] = [await connectClient(s.url, { name: 'A' }), await connectClient(s.url, { name: 'B' })];
    const told = new Set<string>();
    a.on('workspace/changed', () => told.add('A'));
    b.on('workspace/changed', () => told.add('B'));
    fs.mkdirSync(path.join(s.config.workspace, 'docs'));
    fs.writeFileSync(path.join(s.config.workspace, 'docs/notes.md'), '# notes\n');
    await waitFor(() => told.size === 2, 5000, 'workspace/changed on both clients');
    const { workspace } = await request(b, 'workspace/info', {});
    expect(workspace.files.map((f) => f.path)).toEqual(['docs/notes.md', 'README.md', 'src/app.ts']);
    a.disconnect();
    b.disconnect();
  });

  it(
    'doc/delete without an expected text deletes a file nobody has unsaved edits in, ' + 'and refuses otherwise',
    async () => {
      const s = await start();
      const [a, b] = [await connectClient(s.url, { name: 'A' }), await connectClient(s.url, { name: 'B' })];
      const removed: string[] = [];
      b.on('doc/removed', ({ path: p, by }) => removed.push(`${p} by ${by}`));
      const readme = path.join(s.config.workspace, 'README.md');
      await openDoc(b, 'README.md');
      expect(await request(a, 'doc/delete', { path: 'README.md' })).toMatchObject({ deleted: true });
      expect(fs.existsSync(readme)).toBe(false);
      await waitFor(() => removed.length === 1, 5000, 'doc/removed');
      expect(removed).toEqual(['README.md by A']);
      expect(await request(a, 'doc/delete', { path: 'README.md' })).toMatchObject({ deleted: false });

      const app = path.join(s.config.workspace, 'src/app.ts');
      const doc = await openDoc(b, 'src/app.ts');
      doc.text.insert(0, '// unsaved\n');
      await settled(doc);
      await expect(request(a, 'doc/delete', { path: 'src/app.ts' })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/unsaved edits/),
      });
      expect(fs.existsSync(app)).toBe(true);
      await expect(request(a, 'doc/delete', { path: 'src' })).rejects.toMatchObject({
        code: 'bad_request',
        message: expect.stringMatching(/is a folder/),
      });
      expect(doc.text.toString()).toMatch(/^\/\/ unsaved\n/);
      a.disconnect();
      b.disconnect();
    },
  );

  it('doc/open with create makes an empty file (folders too), and leaves an existing one alone', async () => {
    const s = await start();
    const c = await connectClient(s.url);
    await expect(request(c, 'doc/open', { path: 'notes/today.md' })).rejects.toMatchObject({ code: 'not_found' });
    const created = await openDoc(c, 'notes/today.md', { create: true });
    expect(created.text.toString()).toBe('');
    expect(fs.readFileSync(path.join(s.config.workspace, 'notes/today.md'), 'utf8')).toBe('');
    const existing = await openDoc(c, 'README.md', { create: true });
    expect(existing.text.toString()).toBe('# test\n');
    await expect(request(c, 'doc/open', { path: '../escape.md', create: true })).rejects.toMatchObject({
      code: 'bad_request',
    });
    c.disconnect();
  });

  it('two clients editing the same file converge', async () => {
    const s = await start();
    const [a, b] = [await connectClient(s.url, { name: 'A' }), await connectClient(s.url, { name: 'B' })];
    const [da, db] = [await openDoc(a, 'src/app.ts'), await openDoc(b, 'src/app.ts')];
    expect(da.text.toString()).toBe(fs.readFileSync(path.join(s.config.workspace, 'src/app.ts'), 'utf8'));
    for (let i = 0; i < 20; i++) {
      da.text.insert(0, `// a${i}\n`);
      db.text.insert(db.text.length, `// b${i}\n`);
    }
    await waitFor(
      () =>
        da.text.toString() === db.text.toString() &&
        da.text.toString().includes('// a19') &&
        db.text.toString().includes('// b19'),
    );
    expect(da.text.toString().match(/\/\/ [ab]\d+/g)).toHaveLength(40);
    a.disconnect();
    b.disconnect();
  });

  it('sends a local edit in one websocket frame each way (base64 text, no binary attachment)', async () => {
    const s = await start();
    const [a, b] = [await connectClient(s.url, { name: 'A' }), await connectClient(s.url, { name: 'B' })];
    const [da, db] = [await openDoc(a, 'src/app.ts'), await openDoc(b, 'src/app.ts')];
    const frames: unknown[] = [];
    const received: unknown[] = [];
    a.io.engine.on('packetCreate', (packet: { type: string; data?: unknown }) => frames.push(packet.data));
    b.io.engine.on('packet', (packet: { type: string; data?: unknown }) => received.push(packet.data));
    da.text.insert(0, '// one frame\n');
    await waitFor(() => db.text.toString().startsWith('// one frame\n'));
    const syncs = frames.filter((f) => typeof f === 'string' && f.includes('"doc/sync"'));
    expect(syncs).toHaveLength(1);
    expect(syncs[0]).toMatch(/^2\d+\["doc\/sync",\{"path":"src\/app\.ts","data":"[A-Za-z0-9+/=]+"/);
    expect(frames.filter((f) => typeof f !== 'string')).toEqual([]);
    // The server's broadcast reaches B the same way: one text frame, no binary frame after it.
    const broadcast = received.filter((f) => typeof f === 'string' && f.includes('"doc/sync"'));
    expect(broadcast).toHaveLength(1);
    expect(broadcast[0]).toMatch(/^2\["doc\/sync",\{"path":"src\/app\.ts","data":"[A-Za-z0-9+/=]+"/);
    expect(received.filter((f) => typeof f !== 'string')).toEqual([]);
    a.disconnect();
    b.disconnect();
  });

  it('answers bad payloads with an error and changes nothing', async () => {
    const s = await start();
    const c = await connectClient(s.url);
    const doc = await openDoc(c, 'src/app.ts');
    const before = doc.text.toString();
    const cases: [string, unknown, RegExp][] = [
      ['doc/open', { path: '../etc/passwd' }, /must not contain "\.\."/],
      ['doc/open', { path: '/etc/passwd' }, /relative to the workspace root/],
      ['doc/open', { nope: 1 }, /invalid doc\/open payload at path/],
      ['doc/open', { path: 'missing.ts' }, /does not exist/],
      ['doc/sync', { path: 'src/app.ts', data: 'not bytes' }, /expected binary data/],
      ['doc/sync', { path: 'src/app.ts', data: new Uint8Array([0, 9, 9, 9]) }, /malformed sync message/],
      ['doc/sync', { path: 'README.md', data: new Uint8Array([0, 0]) }, /not open on this connection/],
      ['awareness/update', { data: new Uint8Array([1, 5, 1, 3, 120, 120, 120]) }, /malformed awareness update/],
    ];
    for (const [event, payload, message] of cases) {
      const reply = await rawEmit(c, event, payload);
      expect(reply.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      if (!reply.ok) expect(reply.error.message).toMatch(message);
    }
    const other = await connectClient(s.url);
    const fresh = await openDoc(other, 'src/app.ts');
    expect(fresh.text.toString()).toBe(before);
    c.disconnect();
    other.disconnect();
  });

  it('refuses binary and oversized files with the reason', async () => {
    const s = await start();
    fs.writeFileSync(path.join(s.config.workspace, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    fs.writeFileSync(path.join(s.config.workspace, 'big.txt'), 'x'.repeat(3 * 1024 * 1024));
    fs.symlinkSync('/etc/hostname', path.join(s.config.workspace, 'escape.txt'));
    const c = await connectClient(s.url);
    const bin = await rawEmit(c, 'doc/open', { path: 'logo.png' });
    expect(!bin.ok && bin.error.code).toBe('binary');
    const big = await rawEmit(c, 'doc/open', { path: 'big.txt' });
    expect(!big.ok && big.error.message).toMatch(/files over 2097152 bytes/);
    const link = await rawEmit(c, 'doc/open', { path: 'escape.txt' });
    expect(!link.ok && link.error.message).toMatch(/symlink points outside/);
    c.disconnect();
  });

  it('saves to disk on request, keeping CRLF files CRLF', async () => {
    const s = await start();
    fs.writeFileSync(path.join(s.config.workspace, 'win.txt'), 'one\r\ntwo\r\n');
    const c = await connectClient(s.url);
    const doc = await openDoc(c, 'win.txt');
    expect(doc.text.toString()).toBe('one\ntwo\n');
    doc.text.insert(doc.text.length, 'three\n');
    await settled(doc);
    const { status } = await request(c, 'doc/save', { path: 'win.txt' });
    expect(status.state).toBe('saved');
    expect(fs.readFileSync(path.join(s.config.workspace, 'win.txt'), 'utf8')).toBe('one\r\ntwo\r\nthree\r\n');
    c.disconnect();
  });

  it('autosaves after a short idle', async () => {
    const s = await start({ autosaveMs: 100 });
    const c = await connectClient(s.url);
    const statuses: string[] = [];
    c.on('doc/status', (st) => statuses.push(st.state));
    const doc = await openDoc(c, 'README.md');
    doc.text.insert(doc.text.length, 'more\n');
    const file = path.join(s.config.workspace, 'README.md');
    await waitFor(() => fs.readFileSync(file, 'utf8') === '# test\nmore\n', 3000, 'autosave');
    await waitFor(() => statuses.at(-1) === 'saved');
    expect(statuses).toContain('dirty');
    c.disconnect();
  });

  it('follows a change made on disk by another program', async () => {
    const s = await start();
    const c = await connectClient(s.url);
    const doc = await openDoc(c, 'src/app.ts');
    const file = path.join(s.config.workspace, 'src/app.ts');
    fs.writeFileSync(file, 'export const changed = true;\n');
    await waitFor(() => doc.text.toString() === 'export const changed = true;\n', 5000, 'disk reload');
    c.disconnect();
  });

  it('relays presence and drops it on disconnect', async () => {
    const s = await start();
    let pa!: WorkspacePresenceClient;
    let pb!: WorkspacePresenceClient;
    const a = await connectClient(s.url, {
      beforeConnect: (sock) => (pa = new WorkspacePresenceClient(sock, { name: 'Ada', color: '#e06c75' })),
    });
    await pa.announce();
    const b = await connectClient(s.url, {
      beforeConnect: (sock) => (pb = new WorkspacePresenceClient(sock, { name: 'Bo', color: '#61afef' })),
    });
    await pb.announce();
    await waitFor(() => pb.names().includes('Ada') && pa.names().includes('Bo'), 5000, 'presence');
    a.disconnect();
    await waitFor(() => !pb.names().includes('Ada'), 5000, 'presence removal');
    b.disconnect();
  });
});
