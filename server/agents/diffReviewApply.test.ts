// Integration: applying a run's diff review the way the browser does (applyAcceptedHunks over real sockets)
// when the run modified, added and deleted files — the new file is created and saved, the deleted
// one goes from disk and from everyone's editor, and a deletion of a file someone has edited
// since the snapshot is refused as a conflict that keeps their text.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollabDoc } from '../../lib/client/collabDoc';
import { RunsClient } from '../../lib/client/runsClient';
import { applyAcceptedHunks, type LiveDocuments } from '../../lib/client/diffReview/applyAcceptedHunks';
import { fileHunks } from '../../lib/client/diffReview/hunkPlan';
import { request, type ClientSocket } from '../../lib/client/socket';
import { hunkKey, type HunkChoice } from '../../lib/client/stores/diffReviewStore';
import { connectClient, makeWorkspace, openDoc, settled, waitFor } from '../testing/fixtures';
import { quietRuns, runFinished, runHarness } from '../testing/runHarness';

const h = runHarness();
const SUM = 'let total = 0;\nfor (const x of [1, 2]) total += x;\nconsole.log(total);\n';
const OLD = 'module.exports = "old";\n';
// The validation command runs in the run's snapshot, so what it writes and removes is in the diff.
const VALIDATION = "printf 'notes\\n' > NOTES.md && rm -f src/old.js";

/** What the browser's WorkspaceSession gives applyAcceptedHunks, over one real socket. */
function liveDocuments(socket: ClientSocket): LiveDocuments & { docs: Map<string, CollabDoc> } {
  const docs = new Map<string, CollabDoc>();
  return {
    docs,
    doc: (p) => docs.get(p),
    open: async (p, opts) => void docs.set(p, await openDoc(socket, p, opts)),
    localEdit: (p, change) => {
      const d = docs.get(p);
      if (!d) return false;
      d.doc.transact(() => change(d.text));
      return true;
    },
    save: async (p) => {
      await settled(docs.get(p)!);
      await request(socket, 'doc/save', { path: p });
    },
    deleteFile: async (p, expectedText) => (await request(socket, 'doc/delete', { path: p, expectedText })).deleted,
  };
}

async function finishedRun() {
  const workspace = makeWorkspace({ 'src/sum.js': SUM, 'src/old.js': OLD });
  const s = await h.server({ workspace });
  const socket = h.track(await connectClient(s.url, { name: 'Ada' }));
  const runs = new RunsClient(socket, quietRuns);
  await runs.refresh();
  const run = await runs.start({ instruction: 'rename total to sum in src/sum.js', validation: VALIDATION });
  await runs.watch(run.id);
  await runFinished(runs, run.id);
  expect(runs.run(run.id), JSON.stringify(runs.evidence(run.id).slice(-4))).toMatchObject({ status: 'succeeded' });
  const diff = await runs.loadDiff(run.id);
  const acceptAll: Record<string, HunkChoice> = {};
  for (const { file, hunks } of fileHunks(diff.files))
    for (const hk of hunks) acceptAll[hunkKey(file.path, hk.id)] = 'accepted';
  return { s, workspace, socket, runs, runId: run.id, diff, acceptAll };
}

describe('applying a run that adds and deletes files', () => {
  it('creates and saves the new file, deletes the old one everywhere, and edits the modified one', async () => {
    const { s, workspace, socket, runs, runId, diff, acceptAll } = await finishedRun();
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([
      ['NOTES.md', 'added'],
      ['src/old.js', 'deleted'],
      ['src/sum.js', 'modified'],
    ]);
    const bo = h.track(await connectClient(s.url, { name: 'Bo' }));
    await openDoc(bo, 'src/old.js');
    const removed: { path: string; by: string }[] = [];
    bo.on('doc/removed', (r) => removed.push(r));

    const host = liveDocuments(socket);
    const outcome = await applyAcceptedHunks(host, runs, runId, acceptAll);

    expect(outcome).toMatchObject({ applied: 3, rejected: 0, conflicts: {} });
    expect(fs.readFileSync(path.join(workspace, 'NOTES.md'), 'utf8')).toBe('notes\n');
    expect(fs.existsSync(path.join(workspace, 'src/old.js'))).toBe(false);
    expect(host.docs.get('src/sum.js')!.text.toString()).toBe(SUM.replaceAll('total', 'sum'));
    await waitFor(() => removed.length === 1, 5000, 'doc/removed for Bo');
    expect(removed[0]).toEqual({ path: 'src/old.js', by: 'Ada' });
    // The deleted document's history is gone too: a new file at that path starts empty.
    const again = await openDoc(bo, 'src/old.js', { create: true });
    expect(again.text.toString()).toBe('');
    expect((await runs.loadDiff(runId)).decisions.map((d) => [d.path, d.decision]).sort()).toEqual([
      ['NOTES.md', 'applied'],
      ['src/old.js', 'applied'],
      ['src/sum.js', 'applied'],
    ]);
  });

  it('refuses to delete a file someone changed since the snapshot, keeping their text', async () => {
    const { s, workspace, socket, runs, runId, acceptAll } = await finishedRun();
    const bo = h.track(await connectClient(s.url, { name: 'Bo' }));
    const boDoc = await openDoc(bo, 'src/old.js');
    boDoc.text.insert(0, '// still needed\n');
    await settled(boDoc);

    const outcome = await applyAcceptedHunks(liveDocuments(socket), runs, runId, acceptAll);

    expect(outcome.applied).toBe(2);
    const [key] = Object.keys(outcome.conflicts);
    expect(key).toMatch(/^src\/old\.js\n/);
    expect(outcome.conflicts[key]!.ours).toMatch(/changed since the run's snapshot/);
    expect(boDoc.text.toString()).toBe(`// still needed\n${OLD}`);
    expect(fs.readFileSync(path.join(workspace, 'src/old.js'), 'utf8')).toBe(OLD);
    await expect(request(socket, 'doc/delete', { path: 'src/old.js', expectedText: OLD })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('doc/open without create refuses a missing file; doc/delete refuses a path outside the workspace', async () => {
    const { socket } = await finishedRun();
    await expect(request(socket, 'doc/open', { path: 'nope.txt' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(request(socket, 'doc/delete', { path: '../outside.txt', expectedText: '' })).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
