// DocRoom against a real SQLite store and real files: the log is compacted without losing text,
// a restart reconciles the log with a file changed while Tandem was stopped, and updates made while
// the store refuses writes are refused to their senders, then written in order once it takes them.
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db';
import { SqliteDocStore } from '../store/docStore';
import { makeWorkspace, tempDir, waitFor } from '../testing/fixtures';
import { Workspace } from '../workspace/workspace';
import { DocRoom } from './docRoom';
import { COMPACT_AFTER } from './roomLog';

function deps(root: string, dataDir: string) {
  const db = openDb(dataDir);
  const notices: string[] = [];
  return {
    db,
    notices,
    deps: {
      store: new SqliteDocStore(db),
      workspace: new Workspace(root),
      autosaveMs: 0,
      log: () => undefined,
      events: {
        update: () => undefined,
        status: () => undefined,
        notice: (n: { message: string }) => notices.push(n.message),
        generation: () => undefined,
      },
    },
  };
}

describe('DocRoom', () => {
  it('compacts the update log into a snapshot and reloads the same text', async () => {
    const root = makeWorkspace();
    const dataDir = tempDir('data');
    const a = deps(root, dataDir);
    const room = await DocRoom.open('src/app.ts', a.deps);
    const remote = new Y.Doc();
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(room.doc));
    remote.on('update', (u: Uint8Array) => Y.applyUpdate(room.doc, u, 'remote'));
    for (let i = 0; i < COMPACT_AFTER + 20; i++) remote.getText('content').insert(0, 'x');
    await room.flushed();
    await new Promise((r) => setImmediate(r));
    await room.flushed();
    const rows = (a.db.prepare('SELECT COUNT(*) AS n FROM doc_updates').get() as { n: number }).n;
    expect(rows).toBeLessThan(COMPACT_AFTER / 2);
    const text = room.text.toString();
    await room.close();
    a.db.close();
    const b = deps(root, dataDir);
    const again = await DocRoom.open('src/app.ts', b.deps);
    expect(again.text.toString()).toBe(text);
    expect(again.status.state).toBe('dirty');
    await again.close();
    b.db.close();
  });

  it('takes a change made on disk while stopped if there were no unsaved edits, and warns if there were', async () => {
    const root = makeWorkspace();
    const dataDir = tempDir('data');
    const a = deps(root, dataDir);
    const clean = await DocRoom.open('src/app.ts', a.deps);
    const dirty = await DocRoom.open('README.md', a.deps);
    dirty.text.insert(0, 'unsaved ');
    await dirty.flushed();
    await clean.close();
    await dirty.close();
    a.db.close();
    fs.writeFileSync(path.join(root, 'src/app.ts'), 'export const changed = 1;\n');
    fs.writeFileSync(path.join(root, 'README.md'), '# changed elsewhere\n');
    const b = deps(root, dataDir);
    const clean2 = await DocRoom.open('src/app.ts', b.deps);
    const dirty2 = await DocRoom.open('README.md', b.deps);
    expect(clean2.text.toString()).toBe('export const changed = 1;\n');
    expect(clean2.status.state).toBe('saved');
    expect(dirty2.text.toString()).toBe('unsaved # test\n');
    expect(b.notices.join()).toMatch(/README.md changed on disk while Tandem was stopped; the unsaved edits are kept/);
    await clean2.close();
    await dirty2.close();
    b.db.close();
  });

  it('updates the store refused are refused to their senders, then all written in order once it works', async () => {
    const root = makeWorkspace();
    const dataDir = tempDir('data');
    const a = deps(root, dataDir);
    const room = await DocRoom.open('README.md', a.deps);
    // The real store refuses writes (SQLITE_READONLY) until query_only is off again.
    a.db.pragma('query_only = ON');
    room.text.insert(0, 'one ');
    room.text.insert(0, 'two ');
    await expect(room.flushed()).rejects.toMatchObject({ code: 'unavailable', message: /could not be stored/ });
    room.text.insert(0, 'three ');
    await expect(room.flushed()).rejects.toMatchObject({ code: 'unavailable' });
    a.db.pragma('query_only = OFF');
    await waitFor(
      () =>
        room.flushed().then(
          () => true,
          () => false,
        ),
      20_000,
      'the queued updates to be written',
    );
    await room.close();
    a.db.close();
    const b = deps(root, dataDir);
    const again = await DocRoom.open('README.md', b.deps);
    expect(again.text.toString()).toBe('three two one # test\n');
    await again.close();
    b.db.close();
  });
  it('a text asked for while a new generation is stored is the new one (positions kept in it stay valid)', async () => {
    const root = makeWorkspace();
    const a = deps(root, tempDir('data'));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let storing = false;
    const store = a.deps.store;
    const rebase = store.rebase.bind(store);
    store.rebase = async (...args) => ((storing = true), await held, rebase(...args));
    const room = await DocRoom.open('src/app.ts', {
      ...a.deps,
      generations: { deletedRuns: 3, busy: () => false },
    });
    const first = room.text;
    for (let i = 0; i < 4; i++) room.doc.transact(() => room.text.delete(0, 1), 'remote');
    await waitFor(() => storing, 5000, 'the new generation being stored');
    const asked = room.settledText();
    await new Promise((r) => setTimeout(r, 20));
    expect(room.generation).toBe(0);
    release();
    const text = await asked;
    expect(room.generation).toBe(1);
    expect(text).not.toBe(first);
    expect(text).toBe(room.text);
    expect(text.toString()).toBe(first.toString());
  });
  it("to a shared store an edit's append goes before this node's people get it; to a local one, after", async () => {
    const root = makeWorkspace();
    for (const mode of ['local', 'shared'] as const) {
      const d = deps(root, tempDir('data'));
      const order: string[] = [];
      const store = d.deps.store;
      const append = store.append.bind(store);
      const counted = Object.assign(Object.create(store) as typeof store, {
        shared: mode === 'shared',
        append: (doc: string, update: Uint8Array) => (order.push('append'), append(doc, update)),
      });
      d.deps.events.update = () => void order.push('update');
      const room = await DocRoom.open('src/app.ts', { ...d.deps, store: counted });
      order.length = 0;
      const remote = new Y.Doc();
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(room.doc));
      remote.on('update', (u: Uint8Array) => Y.applyUpdate(room.doc, u, 'person-1'));
      remote.getText('content').insert(0, 'x');
      await room.flushed();
      expect(order, mode).toEqual(mode === 'shared' ? ['append', 'update'] : ['update', 'append']);
      await room.close();
      d.db.close();
    }
  });
});
