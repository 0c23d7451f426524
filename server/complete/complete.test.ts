// Integration: the autocomplete lane in a real Tandem on a free port, driven over real Socket.IO
// by clients that edit the shared document; the completion model is the embedded simulated server
// or a tiny completion server written here (not the simulator), in both API shapes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { openDoc, rawEmit, waitFor } from '../testing/fixtures';
import {
  ask,
  closeAll,
  FILE,
  fimRequests,
  HEADER,
  nextId,
  person,
  SOURCE,
  start,
  suggestionOf,
  tinyServer,
  typeAtEnd,
} from './completeTestKit';

afterEach(closeAll);

describe('autocomplete on the simulated model', () => {
  it('answers the asker alone with a completion that fits, over fill-in-the-middle (probed)', async () => {
    const tandem = await start();
    const a = await person(tandem, 'A');
    const b = await person(tandem, 'B');
    const heardByB: string[] = [];
    b.socket.onAny((event: string) => heardByB.push(event));
    const reply = suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu')));
    expect(reply).toMatchObject({ text: 'teTotal(prices);', api: 'fim', model: 'sim-fast', simulated: true });
    expect(reply.reused).toBe(false);
    expect(reply.timings.ttftMs).toBeGreaterThan(0);
    const upstream = fimRequests(tandem).find((r) => (r.body as { stream?: boolean }).stream === true)!;
    expect(upstream.body).toMatchObject({ prompt: `${HEADER}${SOURCE}const t = compu`, suffix: '', max_tokens: 64 });
    expect(heardByB.filter((e) => e.startsWith('complete/'))).toEqual([]);
    const { complete } = await request(b.socket, 'complete/info', {});
    expect(complete).toMatchObject({ enabled: true, model: 'sim-fast', simulated: true, api: 'fim' });
  });

  it('serves a suggestion typed through from the last one, without a model request', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    const a = await person(tandem, 'A');
    suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu')));
    const before = fimRequests(tandem).length;
    const reused = suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'teT')));
    expect(reused).toMatchObject({ text: 'otal(prices);', reused: true });
    expect(fimRequests(tandem).length).toBe(before);
    // A mismatch drops it: the model is asked again.
    suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'x')));
    expect(fimRequests(tandem).length).toBe(before + 1);
  });

  it('a superseding request aborts the first upstream at once; a cancel aborts the second', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' }, { 'sim-fast': { ttftMs: 20_000 } });
    const a = await person(tandem, 'A');
    const first = ask(a.socket, typeAtEnd(a.doc, 'const t = co'));
    await waitFor(() => fimRequests(tandem).length === 1, 10_000, 'the first upstream request');
    const secondId = nextId();
    const second = ask(a.socket, typeAtEnd(a.doc, 'm'), secondId);
    expect(await first).toEqual({ ok: true, suggestion: null, skipped: 'superseded' });
    await waitFor(() => fimRequests(tandem)[0]!.closedAt !== null, 10_000, 'the sim to see the first close');
    expect(fimRequests(tandem)[0]!.aborted).toBe(true);
    expect(fimRequests(tandem)[0]!.tokensSent).toBe(0);
    await waitFor(() => fimRequests(tandem).length === 2, 10_000, 'the second upstream request');
    await request(a.socket, 'complete/cancel', { requestId: secondId });
    expect(await second).toEqual({ ok: true, suggestion: null, skipped: 'cancelled' });
    await waitFor(() => fimRequests(tandem)[1]!.closedAt !== null, 10_000, 'the sim to see the second close');
    expect(fimRequests(tandem)[1]!.aborted).toBe(true);
  });

  it('a cancel that gets in before its request (still on its way in) stops that request', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    const a = await person(tandem, 'A');
    const requestId = nextId();
    const at = typeAtEnd(a.doc, 'const t = compu');
    await request(a.socket, 'complete/cancel', { requestId });
    expect(await ask(a.socket, at, requestId)).toEqual({ ok: true, suggestion: null, skipped: 'cancelled' });
    expect(fimRequests(tandem)).toEqual([]);
    suggestionOf(await ask(a.socket, at));
  });

  it("doc/close frees the person's completion state for the document: its request, its last suggestion", async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    const a = await person(tandem, 'A');
    suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu')));
    tandem.models.sim!.profiles['sim-fast']!.ttftMs = 20_000;
    const pending = ask(a.socket, typeAtEnd(a.doc, 'x'));
    await waitFor(() => fimRequests(tandem).length === 2, 10_000, 'the second upstream request');
    await request(a.socket, 'doc/close', { path: FILE });
    expect(await pending).toMatchObject({ suggestion: null, skipped: 'cancelled' });
    await waitFor(() => fimRequests(tandem)[1]!.closedAt !== null, 10_000, 'the sim to see the close');
    expect(fimRequests(tandem)[1]!.aborted).toBe(true);
    // Reopened, the text typed through the first suggestion is asked of the model again (nothing was kept).
    tandem.models.sim!.profiles['sim-fast']!.ttftMs = 5;
    const doc = await openDoc(a.socket, FILE);
    doc.text.delete(doc.text.length - 1, 1);
    const reply = suggestionOf(await ask(a.socket, typeAtEnd(doc, 'te')));
    expect(reply).toMatchObject({ text: 'Total(prices);', reused: false });
    expect(fimRequests(tandem).length).toBe(3);
  });

  it("lends the model snippets of the person's other open documents", async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    fs.writeFileSync(
      path.join(tandem.workspace.root, 'src/price.ts'),
      'export function formatPrice(cents: number) {\n  return `$${cents / 100}`;\n}\n',
    );
    const a = await person(tandem, 'A');
    await openDoc(a.socket, 'src/price.ts');
    const reply = suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const shown = formatP')));
    expect(reply.text).toBe('rice;');
    const prompt = (fimRequests(tandem).at(-1)!.body as { prompt: string }).prompt;
    expect(prompt).toContain('// Compare this snippet from src/price.ts:\n// export function formatPrice(');
    // Another person's open documents are not this person's context.
    const b = await person(tandem, 'B');
    suggestionOf(await ask(b.socket, typeAtEnd(b.doc, '\nconst again = compu')));
    expect((fimRequests(tandem).at(-1)!.body as { prompt: string }).prompt).not.toContain('src/price.ts');
  });

  it('puts the browser report of a shown suggestion on /metrics, per model', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    const a = await person(tandem, 'A');
    const requestId = nextId();
    suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu'), requestId));
    const report = { requestId, keystrokeToRequestMs: 40, keystrokeToShownMs: 90, shownToOutcomeMs: 700 };
    await request(a.socket, 'complete/report', { ...report, outcome: 'accepted' });
    await request(a.socket, 'complete/report', { ...report, outcome: 'dismissed' });
    const bad = await rawEmit(a.socket, 'complete/report', { requestId, outcome: 'accepted' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const text = await tandem.metrics.registry.metrics();
    for (const outcome of ['served', 'accepted', 'dismissed'])
      expect(text).toContain(`tandem_complete_suggestions_total{model="sim-fast",outcome="${outcome}"} 1`);
    expect(text).toContain('tandem_complete_suggestions_total{model="sim-fast",outcome="shown"} 2');
    for (const stage of [
      'keystroke_to_request',
      'keystroke_to_shown',
      'model_ttft',
      'server_total',
      'shown_to_outcome',
    ])
      expect(text).toMatch(new RegExp(`tandem_complete_ms_count\\{stage="${stage}",model="sim-fast"\\} [12]`));
    // The same figures per model for the dashboard: exact counts and means.
    const { stats } = (await request(a.socket, 'complete/info', {})).complete;
    expect(stats).toEqual([
      { model: 'sim-fast', shown: 2, accepted: 1, keystrokeToShownMs: 90, modelTtftMs: expect.any(Number) as number },
    ]);
  });

  it('speaks the chat shape when set to chat (a FIM prompt on chat completions)', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'chat' });
    const a = await person(tandem, 'A');
    const reply = suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu')));
    expect(reply).toMatchObject({ text: 'teTotal(prices);', api: 'chat' });
    expect(fimRequests(tandem)).toEqual([]);
    expect(fimRequests(tandem, '/v1/chat/completions').length).toBeGreaterThan(0);
  });

  it('is off when the workspace says so; a cursor line never seen is stale; bad input is refused', async () => {
    const tandem = await start();
    const a = await person(tandem, 'A');
    const stale = await ask(a.socket, { line: 1, column: 3, linePrefix: 'zz' });
    expect(stale).toEqual({ ok: true, suggestion: null, skipped: 'stale' });
    const bad = await rawEmit(a.socket, 'complete/request', { requestId: 'x', path: FILE, line: 0, column: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    fs.writeFileSync(path.join(tandem.workspace.root, 'tandem.json'), JSON.stringify({ autocomplete: false }));
    expect(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu'))).toEqual({
      ok: true,
      suggestion: null,
      skipped: 'off',
    });
    expect((await request(a.socket, 'complete/info', {})).complete.enabled).toBe(false);
    expect(fimRequests(tandem).length).toBe(0);
  });
});

describe('autocomplete on a completion server that is not the simulator', () => {
  it('uses fill-in-the-middle where /v1/completions answers', async () => {
    const tiny = await tinyServer({ fim: true, chat: false });
    const tandem = await start({ TANDEM_COMPLETE_BASE_URL: tiny.url, TANDEM_COMPLETE_MODEL: 'tiny-coder' });
    const a = await person(tandem, 'A');
    const reply = suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = computeT')));
    expect(reply).toMatchObject({ text: 'Total(prices);', api: 'fim', model: 'tiny-coder', simulated: false });
    const streamed = tiny.seen.find((s) => s.body.stream === true)!;
    expect(streamed).toMatchObject({ path: '/v1/completions', body: { model: 'tiny-coder', suffix: '' } });
    expect(streamed.body.prompt).toBe(`${HEADER}${SOURCE}const t = computeT`);
  });

  it('falls back to the chat shape where /v1/completions is refused, and cleans the fenced answer', async () => {
    const tiny = await tinyServer({ fim: false, chat: true });
    const tandem = await start({ TANDEM_COMPLETE_BASE_URL: tiny.url, TANDEM_COMPLETE_MODEL: 'tiny-chat' });
    const a = await person(tandem, 'A');
    const reply = suggestionOf(await ask(a.socket, typeAtEnd(a.doc, 'const t = compu')));
    expect(reply).toMatchObject({ text: 'teTotal(prices);', api: 'chat', model: 'tiny-chat' });
    expect(tiny.seen.map((s) => s.path)).toEqual(['/v1/completions', '/v1/chat/completions']);
    const messages = tiny.seen[1]!.body.messages as { role: string; content: string }[];
    expect(messages[1]!.content).toContain('const t = compu\n</before_cursor>');
  });
});
