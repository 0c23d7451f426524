// /metrics scraped and parsed after a real fast-lane turn; the dashboard summary; budgets.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import { rejectedFastTurn } from '../testing/fastLaneFixture';
import { connectClient, openDoc, startTestServer, TEST_TOKEN } from '../testing/fixtures';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  s = await startTestServer(
    { metricsToken: 'scraper-token-123' },
    { 'sim-fast': { tokensPerSecond: 5000, ttftMs: 5 } },
  );
});
afterAll(() => s.close());

/** Parses the Prometheus text format into sample name{labels} → value. */
function parseProm(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    out.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return out;
}

const oneTurn = () =>
  rejectedFastTurn(
    s.url,
    { path: 'src/app.ts', range: { startLine: 1, endLine: 3 }, instruction: 'rename add to plus' },
    { submitToFirstPaintMs: 12.5 },
  );

describe('metrics', () => {
  it('exports the turn histograms and token counters in Prometheus format', async () => {
    (await oneTurn()).disconnect();
    const res = await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer scraper-token-123' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const samples = parseProm(await res.text());
    const ws = path.basename(s.config.workspace);
    expect(samples.get(`tandem_model_ttft_ms_count{lane="fast",workspace="${ws}"}`)).toBe(1);
    expect(samples.get(`tandem_first_paint_ms_sum{lane="fast",workspace="${ws}"}`)).toBe(12.5);
    expect(samples.get(`tandem_tokens_total{lane="fast",direction="out",workspace="${ws}"}`)).toBeGreaterThan(0);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${s.url}/api/health`, { headers: { authorization: 'Bearer scraper-token-123' } })).status,
    ).toBe(401);
  });

  it('summarizes recent turns per lane for the dashboard', async () => {
    const res = await fetch(`${s.url}/api/metrics/summary`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    const summary = await res.json();
    expect(summary.lanes.fast.ttftMs.count).toBeGreaterThanOrEqual(1);
    expect(summary.lanes.fast.ttftMs.p50).toBeGreaterThan(0);
    expect(summary.usage.today.fast.tokensOut).toBeGreaterThan(0);
    expect(summary.usage.today.fast.estimated).toBe(false);
    expect(summary.usage.byPerson[0].person).toBe('Meter');
  });

  it('refuses new fast requests once the lane budget is used up, with a clear message', async () => {
    fs.writeFileSync(path.join(s.config.workspace, 'tandem.json'), JSON.stringify({ budgets: { fast: 10 } }));
    const socket = await connectClient(s.url);
    await openDoc(socket, 'src/app.ts');
    await expect(
      request(socket, 'fast/start', { path: 'src/app.ts', range: { startLine: 1, endLine: 1 }, instruction: 'x' }),
    ).rejects.toThrow(/the fast lane has used [\d,]+ tokens of its 10-token budget for today/);
    const summary = await (
      await fetch(`${s.url}/api/metrics/summary`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })
    ).json();
    expect(summary.budgets).toEqual({ fast: 10 });
    fs.rmSync(path.join(s.config.workspace, 'tandem.json'));
    socket.disconnect();
  });
});
