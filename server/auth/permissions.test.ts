// The permission table and its refinements, as plain functions.
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { clientEventSchemas, type ClientEventName } from '../../lib/protocol';
import { atLeast, EVENT_ROLES, eventRole, httpRole, refusal, routeKey, syncKind } from './permissions';
import { syncWouldChange } from './viewerSync';

const message = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};
const docWith = (text: string) => {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  return doc;
};

describe('permissions', () => {
  it('classifies every client event, and a viewer may only look', () => {
    expect(Object.keys(EVENT_ROLES).sort()).toEqual(Object.keys(clientEventSchemas).sort());
    const viewerMay = (Object.keys(EVENT_ROLES) as ClientEventName[]).filter((e) => atLeast('viewer', EVENT_ROLES[e]));
    expect(viewerMay.sort()).toEqual(
      [
        'workspace/info',
        'doc/open',
        'doc/sync',
        'doc/close',
        'awareness/update',
        'fast/snapshot',
        'fast/history',
        'run/list',
        'run/subscribe',
        'run/unsubscribe',
        'run/diff',
        'complete/info',
      ].sort(),
    );
    for (const e of ['doc/save', 'doc/delete', 'fast/start', 'instruction/submit', 'review/start'] as const)
      expect(EVENT_ROLES[e]).toBe('editor');
    for (const e of ['run/start', 'run/cancel', 'run/review', 'run/approval'] as const)
      expect(EVENT_ROLES[e]).toBe('editor');
  });

  it('orders the roles', () => {
    expect(atLeast('owner', 'editor')).toBe(true);
    expect(atLeast('editor', 'editor')).toBe(true);
    expect(atLeast('viewer', 'editor')).toBe(false);
    expect(atLeast('editor', 'owner')).toBe(false);
  });

  it('makes a file on open an editor’s act, and only sync steps 1 and 2 a viewer’s', () => {
    expect(eventRole('doc/open', { path: 'a.ts' })).toBe('viewer');
    expect(eventRole('doc/open', { path: 'a.ts', create: true })).toBe('editor');
    const doc = docWith('hello');
    const step1 = message((e) => syncProtocol.writeSyncStep1(e, doc));
    const step2 = message((e) => syncProtocol.writeSyncStep2(e, doc));
    const update = message((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)));
    expect([step1, step2, update, new Uint8Array([9]), new Uint8Array()].map(syncKind)).toEqual([
      'step1',
      'step2',
      'update',
      'malformed',
      'malformed',
    ]);
    expect(eventRole('doc/sync', { path: 'a.ts', data: step1 })).toBe('viewer');
    expect(eventRole('doc/sync', { path: 'a.ts', data: step2 })).toBe('viewer');
    expect(eventRole('doc/sync', { path: 'a.ts', data: update })).toBe('editor');
    expect(eventRole('doc/sync', { path: 'a.ts', data: new Uint8Array([7, 1]) })).toBe('editor');
  });

  it('tells a step 2 that changes nothing from one that would change the document', () => {
    const server = docWith('hello');
    const viewer = new Y.Doc();
    Y.applyUpdate(viewer, Y.encodeStateAsUpdate(server));
    server.getText('content').delete(0, 1);
    Y.applyUpdate(viewer, Y.encodeStateAsUpdate(server));
    const serverVector = Y.encodeStateVector(server);
    const step2 = () => message((e) => syncProtocol.writeSyncStep2(e, viewer, serverVector));
    expect(syncWouldChange(server, step2())).toBe(false);
    viewer.getText('content').insert(0, 'x');
    expect(syncWouldChange(server, step2())).toBe(true);
    const deleting = new Y.Doc();
    Y.applyUpdate(deleting, Y.encodeStateAsUpdate(server));
    deleting.getText('content').delete(0, 2);
    expect(
      syncWouldChange(
        server,
        message((e) => syncProtocol.writeSyncStep2(e, deleting, serverVector)),
      ),
    ).toBe(true);
    expect(syncWouldChange(server, new Uint8Array([1, 200]))).toBe(true);
  });

  it('gives every HTTP route a role: changes need an editor, invitations the owner', () => {
    expect(routeKey('DELETE', '/api/invites/abc-1')).toBe('DELETE /api/invites/:id');
    expect(routeKey('DELETE', '/api/invites/a/b')).toBe('DELETE /api/invites/a/b');
    expect(httpRole('GET', '/api/health')).toBe('viewer');
    expect(httpRole('GET', '/api/invites')).toBe('owner');
    expect(httpRole('POST', '/api/invites')).toBe('owner');
    expect(httpRole('DELETE', '/api/invites/x')).toBe('owner');
    expect(httpRole('POST', '/api/route')).toBe('editor');
    expect(httpRole('GET', '/')).toBe('viewer');
    expect(httpRole('POST', '/anything-else')).toBe('editor');
  });

  it('says what was refused, the role it needs and what this role may do', () => {
    expect(refusal('fast/start', 'viewer', 'editor')).toBe(
      'fast/start needs the editor role; you are a viewer: a viewer may look but not change anything',
    );
  });
});
