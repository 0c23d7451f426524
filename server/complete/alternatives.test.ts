// Integration: alternatives (the person cycles with Alt+] / Alt+[): complete/request with `n` asks
// the model for n candidates in one whole request — the simulator over HTTP in both API shapes, and
// a completion server that is not the simulator — and answers distinct ones; bad `n` is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { rawEmit } from '../testing/fixtures';
import {
  ask,
  closeAll,
  FILE,
  fimRequests,
  nextId,
  person,
  start,
  suggestionOf,
  tinyServer,
  typeAtEnd,
} from './completeTestKit';

afterEach(closeAll);

/** All the candidates of a suggestion: its text, then its alternatives. */
const candidatesOf = (s: { text: string; alternatives: string[] }) => [s.text, ...s.alternatives];

describe('alternatives on the simulated model', () => {
  it('n = 3 over fill-in-the-middle gives distinct candidates, the usual one first', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    const a = await person(tandem, 'A');
    const at = typeAtEnd(a.doc, 'const t = compu');
    const one = suggestionOf(await ask(a.socket, at));
    expect(one.alternatives).toEqual([]);
    const reply = suggestionOf(
      await request(a.socket, 'complete/request', { requestId: nextId(), path: FILE, ...at, n: 3 }),
    );
    const all = candidatesOf(reply);
    expect(all[0]).toBe(one.text);
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all).size).toBe(all.length);
    expect(reply).toMatchObject({ api: 'fim', simulated: true, reused: false });
    expect(fimRequests(tandem).at(-1)!.body).toMatchObject({ n: 3, stream: false });
  });

  it('n = 3 over chat gives distinct candidates too', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'chat' });
    const a = await person(tandem, 'A');
    const at = typeAtEnd(a.doc, 'const t = compu');
    const reply = suggestionOf(
      await request(a.socket, 'complete/request', { requestId: nextId(), path: FILE, ...at, n: 3 }),
    );
    const all = candidatesOf(reply);
    expect(all[0]).toBe('teTotal(prices);');
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all).size).toBe(all.length);
    expect(fimRequests(tandem, '/v1/chat/completions').at(-1)!.body).toMatchObject({ n: 3 });
  });

  it('refuses an n out of bounds with a clear error, asking nothing', async () => {
    const tandem = await start({ TANDEM_COMPLETE_API: 'fim' });
    const a = await person(tandem, 'A');
    const at = typeAtEnd(a.doc, 'const t = compu');
    for (const [n, says] of [
      [4, 'n must be at most 3'],
      [0, 'n must be at least 1'],
      [1.5, 'n must be a whole number'],
      ['2', 'n must be a number'],
    ] as const) {
      const bad = await rawEmit(a.socket, 'complete/request', { requestId: nextId(), path: FILE, ...at, n });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(JSON.stringify(bad)).toContain(says);
    }
    expect(fimRequests(tandem)).toEqual([]);
  });
});

describe('alternatives on a completion server that is not the simulator', () => {
  it('asks with n over fill-in-the-middle and dedupes the choices', async () => {
    const tiny = await tinyServer({ fim: true, chat: false });
    const tandem = await start({ TANDEM_COMPLETE_BASE_URL: tiny.url, TANDEM_COMPLETE_MODEL: 'tiny-coder' });
    const a = await person(tandem, 'A');
    const at = typeAtEnd(a.doc, 'const t = computeT');
    const reply = suggestionOf(
      await request(a.socket, 'complete/request', { requestId: nextId(), path: FILE, ...at, n: 3 }),
    );
    expect(candidatesOf(reply)).toEqual(['Total(prices);', 'Total']);
    expect(tiny.seen.at(-1)).toMatchObject({ path: '/v1/completions', body: { n: 3, stream: false } });
  });

  it('asks with n over chat; a server that ignores n gives one candidate', async () => {
    const tiny = await tinyServer({ fim: false, chat: true, ignoresN: true });
    const tandem = await start({ TANDEM_COMPLETE_BASE_URL: tiny.url, TANDEM_COMPLETE_MODEL: 'tiny-chat' });
    const a = await person(tandem, 'A');
    const at = typeAtEnd(a.doc, 'const t = compu');
    const reply = suggestionOf(
      await request(a.socket, 'complete/request', { requestId: nextId(), path: FILE, ...at, n: 2 }),
    );
    expect(candidatesOf(reply)).toEqual(['teTotal(prices);']);
    expect(tiny.seen.at(-1)).toMatchObject({ path: '/v1/chat/completions', body: { n: 2, stream: false } });
  });
});
