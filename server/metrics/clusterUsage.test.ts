// Token usage and budgets in a cluster, with a real redis-server: tokens spent on node A count on
// node B (its summary and /metrics), and a budget used up by both nodes together — neither alone —
// refuses the next request on either node with the budget message. Plus the pure fold of the
// day's Redis hash.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from '../../lib/client/socket';
import type { MetricsSummary } from '../../lib/protocol/metrics';
import { clusterFixture, type Node } from '../cluster/clusterFixture';
import { rejectedFastTurn } from '../testing/fastLaneFixture';
import { connectClient, makeWorkspace, openDoc, TEST_TOKEN, waitFor } from '../testing/fixtures';
import { foldUsage } from './redisUsageStore';

const fx = clusterFixture();
const FAST_SIM = { 'sim-fast': { tokensPerSecond: 5000, ttftMs: 5 } };
const EDIT = { path: 'src/app.ts', range: { startLine: 1, endLine: 3 }, instruction: 'rename add to plus' };

const summary = async (n: Node): Promise<MetricsSummary> =>
  (await fetch(`${n.url}/api/metrics/summary`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).json();
const usedFast = async (n: Node) => {
  const { tokensIn, tokensOut } = (await summary(n)).usage.today.fast;
  return tokensIn + tokensOut;
};

describe('usage and budgets across nodes', () => {
  it('counts tokens spent on A on B, and a budget used up by both refuses the next request on either', async () => {
    const ws = makeWorkspace();
    const a = await fx.node('a', ws, {}, FAST_SIM);
    const b = await fx.node('b', ws, {}, FAST_SIM);
    (await rejectedFastTurn(a.url, EDIT)).disconnect();
    const onA = await usedFast(a);
    expect(onA).toBeGreaterThan(0);
    await waitFor(async () => (await usedFast(b)) === onA, 20_000, "A's tokens counted on B");
    expect((await summary(b)).usage.byPerson).toEqual([expect.objectContaining({ person: 'Meter', lane: 'fast' })]);
    const scraped = await (
      await fetch(`${b.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })
    ).text();
    const gauge = scraped.split('\n').filter((l) => /^tandem_usage_today_tokens\{lane="fast"/.test(l));
    expect(gauge.reduce((n, l) => n + Number(l.split(' ').at(-1)), 0)).toBe(onA);

    // One turn on each node fits; the two together do not.
    const budget = Math.ceil(onA * 1.5);
    fs.writeFileSync(path.join(ws, 'tandem.json'), JSON.stringify({ budgets: { fast: budget } }));
    (await rejectedFastTurn(b.url, EDIT)).disconnect();
    for (const n of [a, b]) await waitFor(async () => (await usedFast(n)) >= budget, 20_000, 'both turns counted');
    for (const n of [a, b]) {
      const socket = await connectClient(n.url, { name: 'Late' });
      await openDoc(socket, EDIT.path);
      await expect(request(socket, 'fast/start', EDIT)).rejects.toThrow(
        new RegExp(`the fast lane has used [\\d,]+ tokens of its ${budget.toLocaleString('en-US')}-token budget`),
      );
      socket.disconnect();
    }
  }, 90_000);
});

describe('foldUsage', () => {
  it('adds up a day’s hash per lane and per person, with what was estimated', () => {
    const { lanes, people } = foldUsage({
      'fast:in:Ada': '10',
      'fast:out:Ada': '5',
      'fast:in:Bo:b': '3',
      'fast:est:Bo:b': '3',
      'review:out:Ada': 7,
      broken: '1',
    });
    expect(lanes.get('fast')).toEqual({ tokensIn: 13, tokensOut: 5, estimated: true });
    expect(lanes.get('review')).toEqual({ tokensIn: 0, tokensOut: 7, estimated: false });
    expect(lanes.has('strong')).toBe(false);
    expect(people).toContainEqual({ person: 'Bo:b', lane: 'fast', tokensIn: 3, tokensOut: 0, estimated: true });
    expect(people).toContainEqual({ person: 'Ada', lane: 'fast', tokensIn: 10, tokensOut: 5, estimated: false });
  });
});
