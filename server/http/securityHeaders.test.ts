// Security headers over real HTTP: every answer Tandem gives (API, refusals, unknown paths) carries
// them; pages and static files are checked in Chromium by e2e/headers.spec.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_TOKEN } from '../testing/fixtures';
import { contentSecurityPolicy } from './securityHeaders';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

function expectSecurityHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
  expect(csp).toContain("object-src 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('security headers', () => {
  it('are on API answers, refusals and unknown paths', async () => {
    const auth = { authorization: `Bearer ${TEST_TOKEN}` };
    const ok = await fetch(`${s.url}/api/health`, { headers: auth });
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok);
    const refused = await fetch(`${s.url}/api/health`);
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused);
    const missing = await fetch(`${s.url}/nowhere`, { headers: auth });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
  });

  it('give each response its own nonce', async () => {
    const get = () => fetch(`${s.url}/api/health`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    const [a, b] = await Promise.all([get(), get()]);
    expect(a.headers.get('content-security-policy')).not.toBe(b.headers.get('content-security-policy'));
  });

  it('allow no inline script, and eval only in development', () => {
    const production = contentSecurityPolicy('n0nce', false);
    const scripts = production.split('; ').find((d) => d.startsWith('script-src'));
    expect(scripts).toBe("script-src 'self' 'nonce-n0nce'");
    expect(production).toContain("worker-src 'self' blob:");
    expect(contentSecurityPolicy('n0nce', true)).toContain("'unsafe-eval'");
  });
});
