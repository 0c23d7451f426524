// People and roles on a real server (port 0, real HTTP and Socket.IO): the owner's invitations,
// a viewer refused at the door and over HTTP with nothing changed, an editor allowed, a revoke that
// disconnects a live connection with a message, and invitations that outlive a restart.
import fs from 'node:fs';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { connectClient, openDoc, rawEmit, settled, startTestServer, waitFor } from '../testing/fixtures';
import { testServers } from '../testing/testServers';
import { api, connectAs, createInvite } from '../testing/people';

const { start } = testServers();

const APP = 'src/app.ts';

describe('invitations over HTTP', () => {
  it('the owner makes, lists and revokes them; nobody else may; tokens are never listed', async () => {
    const s = await start();
    const viewer = await createInvite(s.url, 'viewer', 'Vera');
    expect(viewer).toMatchObject({ role: 'viewer', name: 'Vera', revokedAt: null });
    expect(viewer.url).toBe(`${s.url}/?token=${encodeURIComponent(viewer.token)}`);
    const editor = await createInvite(s.url, 'editor');
    expect(editor.name).toBeNull();

    const listed = await api(s.url, 'GET', '/api/invites');
    expect(listed.status).toBe(200);
    expect((listed.body.invites as { id: string }[]).map((i) => i.id)).toEqual([viewer.id, editor.id]);
    expect(JSON.stringify(listed.body)).not.toContain(viewer.token);
    expect(JSON.stringify(listed.body)).not.toMatch(/tokenHash|[0-9a-f]{64}/);

    for (const token of [viewer.token, editor.token]) {
      for (const [method, p, body] of [
        ['GET', '/api/invites', undefined],
        ['POST', '/api/invites', { role: 'editor' }],
        ['DELETE', `/api/invites/${viewer.id}`, undefined],
      ] as const) {
        const refused = await api(s.url, method, p, token, body);
        expect(refused.status).toBe(403);
        expect(refused.body.error).toMatchObject({
          code: 'forbidden',
          message: expect.stringMatching(/needs the owner role/),
        });
      }
    }
    expect((await api(s.url, 'GET', '/api/invites')).body.invites).toHaveLength(2);

    expect((await api(s.url, 'POST', '/api/invites', undefined, { role: 'owner' })).status).toBe(400);
    expect((await api(s.url, 'POST', '/api/invites', undefined, 'not json')).status).toBe(400);
    expect((await api(s.url, 'POST', '/api/invites', undefined, { role: 'viewer', extra: 1 })).status).toBe(400);
    expect((await api(s.url, 'DELETE', '/api/invites/nope')).status).toBe(404);
    expect((await api(s.url, 'GET', '/api/invites')).body.invites).toHaveLength(2);

    const revoked = await api(s.url, 'DELETE', `/api/invites/${editor.id}`);
    expect(revoked.status).toBe(200);
    expect((revoked.body.invite as { revokedAt: number }).revokedAt).toEqual(expect.any(Number));
    const gone = await api(s.url, 'GET', '/api/health', editor.token);
    expect(gone.status).toBe(401);
    expect((gone.body.error as { message: string }).message).toMatch(/your invitation was revoked/);
  });

  it('a viewer reads over HTTP but is refused what changes something (403, clear JSON)', async () => {
    const s = await start();
    const viewer = await createInvite(s.url, 'viewer');
    expect((await api(s.url, 'GET', '/api/health', viewer.token)).status).toBe(200);
    expect((await api(s.url, 'GET', '/api/metrics/summary', viewer.token)).status).toBe(200);
    const routed = await api(s.url, 'POST', '/api/route', viewer.token, { instruction: 'rename add' });
    expect(routed.status).toBe(403);
    expect(routed.body.error).toEqual({
      code: 'forbidden',
      message: 'POST /api/route needs the editor role; you are a viewer: a viewer may look but not change anything',
    });
    const viaQuery = await fetch(`${s.url}/api/health?token=${viewer.token}`);
    expect(viaQuery.headers.get('set-cookie')).toMatch(/tandem_token=.*HttpOnly/);
  });

  it('invitations outlive a restart (the data folder keeps them)', async () => {
    // Closed by the test itself, so not tracked.
    const first = await startTestServer();
    const editor = await createInvite(first.url, 'editor', 'Eve');
    const viewer = await createInvite(first.url, 'viewer');
    await api(first.url, 'DELETE', `/api/invites/${viewer.id}`);
    await first.close();
    const again = await start({ dataDir: first.config.dataDir, workspace: first.config.workspace });
    const eve = await connectAs(again.url, editor.token);
    await waitFor(() => eve.role() !== null, 5000, 'session/role');
    expect(eve.role()).toEqual({ role: 'editor', name: 'Eve', invited: true });
    eve.socket.disconnect();
    await expect(connectAs(again.url, viewer.token)).rejects.toThrow(/unauthorized: your invitation was revoked/);
  });
});

describe('roles at the socket door', () => {
  it('tells each connection its role; the name comes from the invitation when it has one', async () => {
    const s = await start();
    const owner = await connectAs(s.url, s.config.token, 'Olga');
    const named = await connectAs(s.url, (await createInvite(s.url, 'viewer', 'Vera')).token, 'typed');
    const unnamed = await connectAs(s.url, (await createInvite(s.url, 'editor')).token, 'Ed');
    await waitFor(() => [owner, named, unnamed].every((p) => p.role() !== null), 5000, 'session/role');
    expect(owner.role()).toEqual({ role: 'owner', name: 'Olga', invited: false });
    expect(named.role()).toEqual({ role: 'viewer', name: 'Vera', invited: true });
    expect(unnamed.role()).toEqual({ role: 'editor', name: 'Ed', invited: true });
    [owner, named, unnamed].forEach((p) => p.socket.disconnect());
  });

  it('a viewer sees the document but every change is refused with forbidden, and nothing changes', async () => {
    const s = await start();
    const original = fs.readFileSync(path.join(s.config.workspace, APP), 'utf8');
    const ownerSocket = await connectClient(s.url, { name: 'Owner' });
    const ownerDoc = await openDoc(ownerSocket, APP);
    const { socket: viewer } = await connectAs(s.url, (await createInvite(s.url, 'viewer')).token);
    // The browser's own sync (step 1 both ways, then its empty step 2) goes through.
    const viewerDoc = await openDoc(viewer, APP);
    expect(viewerDoc.text.toString()).toBe(original);

    const refused = async (event: string, payload: unknown, pattern: RegExp) => {
      const reply = await rawEmit(viewer, event, payload);
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(pattern) } });
    };
    await refused(
      'fast/start',
      { path: APP, range: { startLine: 1, endLine: 3 }, instruction: 'rename add' },
      /^fast\/start needs the editor role; you are a viewer/,
    );
    await refused('instruction/submit', { instruction: 'rename add', path: APP }, /needs the editor role/);
    await refused('run/start', { instruction: 'add tests', validation: null }, /^run\/start needs the editor role/);
    await refused('doc/save', { path: APP }, /needs the editor role/);
    await refused('doc/delete', { path: APP }, /needs the editor role/);
    await refused('doc/open', { path: 'new.ts', create: true }, /^making a file needs the editor role/);

    // A document update, and a step 2 carrying an edit: both refused, the shared text untouched.
    const edited = new Y.Doc();
    Y.applyUpdate(edited, Y.encodeStateAsUpdate(viewerDoc.doc));
    const before = Y.encodeStateVector(edited);
    edited.getText('content').insert(0, '// viewer was here\n');
    const diff = Y.encodeStateAsUpdate(edited, before);
    const msg = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      write(e);
      return encoding.toUint8Array(e);
    };
    await refused(
      'doc/sync',
      { path: APP, data: msg((e) => syncProtocol.writeUpdate(e, diff)) },
      /^changing a document/,
    );
    await refused(
      'doc/sync',
      { path: APP, data: msg((e) => syncProtocol.writeSyncStep2(e, edited, before)) },
      /changing a document needs the editor role/,
    );

    expect(await request(viewer, 'run/list', {})).toMatchObject({ runs: [] });
    expect(fs.existsSync(path.join(s.config.workspace, 'new.ts'))).toBe(false);
    expect(fs.readFileSync(path.join(s.config.workspace, APP), 'utf8')).toBe(original);
    expect(ownerDoc.text.toString()).toBe(original);

    // The owner's edit still reaches the viewer: the viewer sees everything.
    ownerDoc.text.insert(0, '// owner\n');
    await settled(ownerDoc);
    await waitFor(() => viewerDoc.text.toString().startsWith('// owner\n'), 5000, 'the owner’s edit at the viewer');
    viewer.disconnect();
    ownerSocket.disconnect();
  });

  it('an editor may edit and save, but not manage invitations', async () => {
    const s = await start();
    const { socket } = await connectAs(s.url, (await createInvite(s.url, 'editor')).token);
    const doc = await openDoc(socket, APP);
    doc.text.insert(0, '// editor\n');
    await settled(doc);
    await request(socket, 'doc/save', { path: APP });
    expect(fs.readFileSync(path.join(s.config.workspace, APP), 'utf8')).toMatch(/^\/\/ editor\n/);
    socket.disconnect();
  });
});

describe('revoking an invitation', () => {
  it('tells its live connection why, disconnects it at once, and it cannot come back', async () => {
    const s = await start();
    const invite = await createInvite(s.url, 'editor', 'Eve');
    const eve = await connectAs(s.url, invite.token);
    const ownerSocket = await connectClient(s.url, { name: 'Owner' });
    const ownerDoc = await openDoc(ownerSocket, APP);
    let reason: string | null = null;
    eve.socket.on('disconnect', (r) => (reason = r));
    expect((await api(s.url, 'DELETE', `/api/invites/${invite.id}`)).status).toBe(200);
    await waitFor(() => reason !== null, 10_000, 'the disconnect');
    expect(eve.revoked()).toBe('your invitation was revoked');
    expect(reason).toBe('io server disconnect');
    expect(ownerSocket.connected).toBe(true);
    await expect(connectAs(s.url, invite.token)).rejects.toThrow(/unauthorized: your invitation was revoked/);
    expect(ownerDoc.text.toString()).toBe(fs.readFileSync(path.join(s.config.workspace, APP), 'utf8'));
    ownerSocket.disconnect();
  });
});
