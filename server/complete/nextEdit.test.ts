// Integration: next-edit suggestions in a real Tandem on a free port, driven over real Socket.IO by
// clients that edit the shared document, answered by the embedded simulated model over real HTTP:
// a rename yields the next use of the old name, only to the asker; a superseded or cancelled
// request is closed upstream; stale, off and bad requests are refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CollabDoc } from '../../lib/client/collabDoc';
import { request, type ClientSocket } from '../../lib/client/socket';
import type { NextEditReply, NextEditSuggestion, RecentEdit } from '../../lib/protocol';
import { createTandem, type Tandem } from '../app';
import { loadModelsConfig } from '../models/config';
import type { SimProfiles } from '../models/lanes';
import { connectClient, openDoc, rawEmit, testConfig, waitFor } from '../testing/fixtures';

const SOURCE = [
  'export function cartTotal(items: number[]) {',
  '  let total = 0;',
  '  for (const item of items) {',
  '    total += item;',
  '  }',
  '  return total;',
  '}',
  '',
].join('\n');
const FILE = 'src/cart.ts';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function start(simProfiles: SimProfiles = {}): Promise<Tandem> {
  const config = testConfig();
  fs.mkdirSync(path.join(config.workspace, 'src'), { recursive: true });
  fs.writeFileSync(path.join(config.workspace, FILE), SOURCE);
  const tandem = await createTandem(config, {
    models: loadModelsConfig({}, config.workspace),
    simProfiles,
    log: () => undefined,
  });
  closers.push(() => tandem.close());
  return tandem;
}

async function person(tandem: Tandem, name: string): Promise<{ socket: ClientSocket; doc: CollabDoc }> {
  const socket = await connectClient(tandem.url, { name });
  closers.push(() => void socket.disconnect());
  return { socket, doc: await openDoc(socket, FILE) };
}

/** Replaces `oldText` (its first occurrence) as a person would, and says where the cursor is after it. */
function edit(doc: CollabDoc, oldText: string, newText: string) {
  const all = doc.text.toString();
  const offset = all.indexOf(oldText);
  doc.text.doc!.transact(() => {
    doc.text.delete(offset, oldText.length);
    doc.text.insert(offset, newText);
  });
  const before = doc.text
    .toString()
    .slice(0, offset + newText.length)
    .split('\n');
  const linePrefix = before[before.length - 1]!;
  return { history: [{ offset, oldText, newText }], line: before.length, column: linePrefix.length + 1, linePrefix };
}

let ids = 0;
const nextId = () => `nes-test-${String(++ids).padStart(4, '0')}`;

type At = { history: RecentEdit[]; line: number; column: number; linePrefix: string };
function ask(socket: ClientSocket, at: At, requestId = nextId()): Promise<NextEditReply> {
  return request(socket, 'nextEdit/request', { requestId, path: FILE, ...at });
}

function suggestionOf(reply: NextEditReply): NextEditSuggestion {
  if (reply.suggestion === null) throw new Error(`no suggestion: ${reply.skipped}`);
  return reply.suggestion;
}

const chatRequests = (t: Tandem) => t.models.sim!.requests.filter((r) => r.path === '/v1/chat/completions');

describe('next-edit suggestions on the simulated model', () => {
  it('a rename yields the next use of the old name, to the asker alone; applied, the next one follows', async () => {
    const tandem = await start();
    const a = await person(tandem, 'A');
    const b = await person(tandem, 'B');
    const heardByB: string[] = [];
    b.socket.onAny((event: string) => heardByB.push(event));
    const at = edit(a.doc, 'total', 'sum');
    const first = suggestionOf(await ask(a.socket, at));
    const offset = a.doc.text.toString().indexOf('total +=');
    expect(first.edit).toEqual({ offset, oldText: 'total', newText: 'sum', line: 4, column: 5 });
    expect(first).toMatchObject({ model: 'sim-fast', simulated: true });
    expect(first.timings.ttftMs).toBeGreaterThan(0);
    const prompt = JSON.stringify(chatRequests(tandem)[0]!.body);
    expect(prompt).toContain('@@ line 2\\n-  let total = 0;\\n+  let sum = 0;');
    expect(heardByB.filter((e) => e.startsWith('nextEdit/'))).toEqual([]);

    // Accepted (an ordinary edit), the person's history grows and the next use follows.
    const accepted = edit(a.doc, 'total', 'sum');
    const second = suggestionOf(await ask(a.socket, { ...accepted, history: [...at.history, ...accepted.history] }));
    expect(second.edit).toMatchObject({ oldText: 'total', newText: 'sum', line: 6 });
    await waitFor(() => b.doc.text.toString().includes('    sum += item;'), 10_000, 'B to see the accepted edit');
  });

  it('says none when nothing follows, and refuses a history the document does not show', async () => {
    const tandem = await start();
    const a = await person(tandem, 'A');
    const at = edit(a.doc, 'items: number[]', 'items: readonly number[]');
    expect(await ask(a.socket, at)).toEqual({ ok: true, suggestion: null, skipped: 'none' });
    const wrong = { ...at, history: [{ offset: 0, oldText: 'x', newText: 'nothing like it' }] };
    expect(await ask(a.socket, wrong)).toEqual({ ok: true, suggestion: null, skipped: 'stale' });
  });

  it('a superseding request aborts the first upstream at once; a cancel aborts the second', async () => {
    const tandem = await start({ 'sim-fast': { ttftMs: 20_000 } });
    const a = await person(tandem, 'A');
    const at = edit(a.doc, 'total', 'sum');
    const first = ask(a.socket, at);
    await waitFor(() => chatRequests(tandem).length === 1, 10_000, 'the first upstream request');
    const secondId = nextId();
    const second = ask(a.socket, at, secondId);
    expect(await first).toEqual({ ok: true, suggestion: null, skipped: 'superseded' });
    await waitFor(() => chatRequests(tandem)[0]!.closedAt !== null, 10_000, 'the sim to see the first close');
    expect(chatRequests(tandem)[0]!.aborted).toBe(true);
    expect(chatRequests(tandem)[0]!.tokensSent).toBe(0);
    await waitFor(() => chatRequests(tandem).length === 2, 10_000, 'the second upstream request');
    await request(a.socket, 'nextEdit/cancel', { requestId: secondId });
    expect(await second).toEqual({ ok: true, suggestion: null, skipped: 'cancelled' });
    await waitFor(() => chatRequests(tandem)[1]!.closedAt !== null, 10_000, 'the sim to see the second close');
    expect(chatRequests(tandem)[1]!.aborted).toBe(true);
  });

  it('doc/close stops the request in flight on that document, upstream too', async () => {
    const tandem = await start({ 'sim-fast': { ttftMs: 20_000 } });
    const a = await person(tandem, 'A');
    const pending = ask(a.socket, edit(a.doc, 'total', 'sum'));
    await waitFor(() => chatRequests(tandem).length === 1, 10_000, 'the upstream request');
    await request(a.socket, 'doc/close', { path: FILE });
    expect(await pending).toEqual({ ok: true, suggestion: null, skipped: 'cancelled' });
    await waitFor(() => chatRequests(tandem)[0]!.closedAt !== null, 10_000, 'the sim to see the close');
    expect(chatRequests(tandem)[0]!.aborted).toBe(true);
  });

  it('puts the browser report on /metrics beside the completions; off and bad input are refused', async () => {
    const tandem = await start();
    const a = await person(tandem, 'A');
    const requestId = nextId();
    suggestionOf(await ask(a.socket, edit(a.doc, 'total', 'sum'), requestId));
    const report = { requestId, keystrokeToRequestMs: 300, keystrokeToShownMs: 420, shownToOutcomeMs: 900 };
    await request(a.socket, 'nextEdit/report', { ...report, outcome: 'accepted' });
    const text = await tandem.metrics.registry.metrics();
    for (const outcome of ['served', 'shown', 'accepted'])
      expect(text).toContain(`tandem_complete_next_edit_suggestions_total{model="sim-fast",outcome="${outcome}"} 1`);
    expect(text).toMatch(/tandem_complete_next_edit_ms_count\{stage="keystroke_to_shown",model="sim-fast"\} 1/);
    expect(text).not.toContain('tandem_complete_suggestions_total{model="sim-fast",outcome="served"}');

    const empty = await rawEmit(a.socket, 'nextEdit/request', {
      requestId: nextId(),
      path: FILE,
      line: 1,
      column: 1,
      linePrefix: '',
      history: [],
    });
    expect(empty).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringContaining('history needs at least one edit') },
    });
    const huge = { offset: 0, oldText: '', newText: 'x'.repeat(2_001) };
    const tooLong = await rawEmit(a.socket, 'nextEdit/request', {
      requestId: nextId(),
      path: FILE,
      line: 1,
      column: 1,
      linePrefix: '',
      history: [huge],
    });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const requests = chatRequests(tandem).length;
    fs.writeFileSync(path.join(tandem.workspace.root, 'tandem.json'), JSON.stringify({ autocomplete: false }));
    expect(await ask(a.socket, edit(a.doc, 'total', 'sum'))).toEqual({ ok: true, suggestion: null, skipped: 'off' });
    expect(chatRequests(tandem).length).toBe(requests);
  });
});
