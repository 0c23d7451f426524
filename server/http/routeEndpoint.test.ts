// POST /api/route over real HTTP: token-protected, validated, and driven by the workspace policy.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { connectClient, startTestServer, TEST_TOKEN } from '../testing/fixtures';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const post = (body: unknown, token: string | null = TEST_TOKEN) =>
  fetch(`${s.url}/api/route`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/route', () => {
  it('answers with lane, reason and confidence', async () => {
    const res = await post({
      instruction: 'rename total to sum',
      path: 'src/app.ts',
      selection: { startLine: 1, endLine: 3 },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ lane: 'fast', confidence: 0.9 });
    expect(body.reason).toMatch(/small, local/);
    expect((await (await post({ instruction: 'run the tests and fix what fails' })).json()).lane).toBe('strong');
    expect((await (await post({ instruction: 'review this', path: 'src/app.ts' })).json()).lane).toBe('review');
  });

  it('answers the same over the socket (route/preview), refusing a bad query', async () => {
    const socket = await connectClient(s.url);
    const { decision } = await request(socket, 'route/preview', {
      instruction: '/review rename x',
      path: 'src/app.ts',
      selection: null,
    });
    expect(decision).toMatchObject({ lane: 'review', override: true, instruction: 'rename x' });
    await expect(
      request(socket, 'route/preview', { instruction: 'x', path: 'a.ts', selection: { startLine: 3, endLine: 1 } }),
    ).rejects.toThrow(/endLine must not be before/);
    socket.disconnect();
  });

  it('needs the token and a valid body', async () => {
    expect((await post({ instruction: 'x' }, null)).status).toBe(401);
    const bad = await post({ instruction: 'x', selection: { startLine: 5, endLine: 1 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/endLine must not be before/);
    expect((await post('{not json')).status).toBe(400);
  });

  it('follows the routing section of the workspace tandem.json', async () => {
    fs.writeFileSync(path.join(s.config.workspace, 'tandem.json'), JSON.stringify({ routing: { fastMaxLines: 2 } }));
    const body = await (
      await post({ instruction: 'rename a to b', path: 'src/app.ts', selection: { startLine: 1, endLine: 3 } })
    ).json();
    expect(body.lane).toBe('strong');
    expect(body.reason).toMatch(/more than the fast lane's 2/);
    fs.writeFileSync(path.join(s.config.workspace, 'tandem.json'), '{ broken');
    const broken = await post({ instruction: 'x', path: 'a.ts' });
    expect(broken.status).toBe(500);
    expect((await broken.json()).error.message).toMatch(/tandem.json is not valid JSON/);
  });
});
