// The Content-Security-Policy in a real Chromium: the page and its static files carry the security
// headers, the IDE still works under the policy (Next.js's nonced scripts, Monaco's workers and
// styles), and the browser reports no CSP violation while it does.
import { caretAtLineEnd, expect, openFile, test, TOKEN } from './harness';

test('the app works under its security headers, without a CSP violation', async ({ tandem, browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      void (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('worker', (w) => w.on('console', (m) => violations.push(`worker: ${m.text()}`)));
  const statics: string[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/_next/static/'))
      statics.push(r.headers()['content-security-policy'] ?? '');
  });

  const response = await page.goto(`${tandem.url}/?token=${TOKEN}&name=Strict`);
  const headers = response!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');

  await openFile(page, 'src/cart.ts');
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('export function cartTotal');
  // The TypeScript worker runs under the policy: a type error gets its squiggle.
  await caretAtLineEnd(page, 1);
  await page.keyboard.type('\nconst wrong: number = "text";');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();

  expect(statics.length).toBeGreaterThan(0);
  for (const csp of statics) expect(csp).toContain("frame-ancestors 'none'");
  expect(violations.filter((v) => !v.startsWith('worker: ') || /security policy/i.test(v))).toEqual([]);
  await context.close();
});
