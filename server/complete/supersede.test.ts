// Integration: a person's own keystroke closes their completion request upstream as soon as the
// server applies it — before any complete/cancel — unless it types through what the model has
// streamed so far. Real Tandem, real Socket.IO, the simulator over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { waitFor } from '../testing/fixtures';
import { ask, closeAll, fimRequests, nextId, person, start, suggestionOf, typeAtEnd } from './completeTestKit';

afterEach(closeAll);

/** The simulator answers `teTotal(prices);` as 4 tokens (`teTo`, `tal(`, `pric`, `es);`), 4 a second. */
const SLOW = { 'sim-fast': { ttftMs: 5, tokensPerSecond: 4, jitter: 0 } };

describe("a person's own edit supersedes their completion request", () => {
  it('an edit that is not typing through aborts upstream at once, with no cancel and no new request', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' }, { 'sim-fast': { ttftMs: 20_000 } });
    const a = await person(tandem, 'A');
    const sent: string[] = [];
    a.socket.onAnyOutgoing((event: string) => sent.push(event));
    const pending = ask(a.socket, typeAtEnd(a.doc, 'const t = co'));
    await waitFor(() => fimRequests(tandem).length === 1, 10_000, 'the upstream request');
    typeAtEnd(a.doc, 'x');
    expect(await pending).toEqual({ ok: true, suggestion: null, skipped: 'superseded' });
    const [upstream] = fimRequests(tandem);
    await waitFor(() => upstream!.closedAt !== null, 10_000, 'the simulator to see the close');
    expect(upstream).toMatchObject({ aborted: true, tokensSent: 0 });
    expect(sent.filter((e) => e.startsWith('complete/'))).toEqual(['complete/request']);
    expect(fimRequests(tandem)).toHaveLength(1);
  });

  it('an edit mid-stream that the answer so far does not start with stops the tokens there', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' }, SLOW);
    const a = await person(tandem, 'A');
    const pending = ask(a.socket, typeAtEnd(a.doc, 'const t = compu'));
    await waitFor(() => (fimRequests(tandem)[0]?.tokensSent ?? 0) >= 2, 20_000, 'two tokens streamed');
    typeAtEnd(a.doc, 'teX');
    expect(await pending).toEqual({ ok: true, suggestion: null, skipped: 'superseded' });
    const [upstream] = fimRequests(tandem);
    await waitFor(() => upstream!.closedAt !== null, 10_000, 'the simulator to see the close');
    expect(upstream!.aborted).toBe(true);
    expect(upstream!.tokensSent).toBeLessThan(4);
  });

  it('typing through what has streamed keeps the request past its cancel, for the next request', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' }, SLOW);
    const a = await person(tandem, 'A');
    const firstId = nextId();
    const first = ask(a.socket, typeAtEnd(a.doc, 'const t = compu'), firstId);
    await waitFor(() => (fimRequests(tandem)[0]?.tokensSent ?? 0) >= 2, 20_000, 'two tokens streamed');
    typeAtEnd(a.doc, 't');
    // As the browser does on a keystroke, once the server has the keystroke (it reaches the server
    // first in a browser): cancel the request, ask again at the new cursor.
    await waitFor(() => a.doc.pending === 0, 10_000, 'the keystroke to reach the server');
    await request(a.socket, 'complete/cancel', { requestId: firstId });
    const next = ask(a.socket, typeAtEnd(a.doc, 'eT'));
    expect(suggestionOf(await first)).toMatchObject({ text: 'teTotal(prices);', reused: false });
    expect(suggestionOf(await next)).toMatchObject({ text: 'otal(prices);', reused: true });
    expect(fimRequests(tandem)).toHaveLength(1);
    expect(fimRequests(tandem)[0]).toMatchObject({ aborted: false, tokensSent: 4 });
  });

  it('a keystroke sent just before the cancel supersedes the request itself (the cancel finds it gone)', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' }, { 'sim-fast': { ttftMs: 20_000 } });
    const a = await person(tandem, 'A');
    const requestId = nextId();
    const pending = ask(a.socket, typeAtEnd(a.doc, 'const t = co'), requestId);
    await waitFor(() => fimRequests(tandem).length === 1, 10_000, 'the upstream request');
    // As the browser does on a keystroke: the document update, then at once the cancel of the request.
    typeAtEnd(a.doc, 'x');
    const cancelled = request(a.socket, 'complete/cancel', { requestId });
    expect(await pending).toEqual({ ok: true, suggestion: null, skipped: 'superseded' });
    await cancelled;
    const [upstream] = fimRequests(tandem);
    await waitFor(() => upstream!.closedAt !== null, 10_000, 'the simulator to see the close');
    expect(upstream).toMatchObject({ aborted: true, tokensSent: 0 });
  });

  it('is heard after the document started over in a new generation mid-request', async () => {
    const tandem = await start(
      { TANDEM_COMPLETE_API: 'fim' },
      { 'sim-fast': { ttftMs: 20_000 } },
      { docGenerationDeleted: 4 },
    );
    const [a, b] = [await person(tandem, 'A'), await person(tandem, 'B')];
    const pending = ask(a.socket, typeAtEnd(a.doc, 'const t = co'));
    await waitFor(() => fimRequests(tandem).length === 1, 10_000, 'the upstream request');
    // B's deletions (not A's own edits: they leave A's request alone) start the document over.
    for (let i = 0; i < 6; i++) {
      b.doc.text.insert(0, `b${i} `);
      b.doc.text.delete(0, 1);
    }
    await waitFor(() => a.doc.generation > 0 && a.doc.pending === 0, 10_000, 'A in the new generation');
    typeAtEnd(a.doc, 'x');
    expect(await pending).toEqual({ ok: true, suggestion: null, skipped: 'superseded' });
    const [upstream] = fimRequests(tandem);
    await waitFor(() => upstream!.closedAt !== null, 10_000, 'the simulator to see the close');
    expect(upstream).toMatchObject({ aborted: true, tokensSent: 0 });
  });
});
