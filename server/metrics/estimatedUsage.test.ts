// Token counts a provider did not send are estimates, and say so all the way out: a review lane
// call over real HTTP, once straight to the simulated model (which sends `usage`) and once
// through a real proxy that strips `usage` from the answer (as some local servers do), recorded
// in a real SQLite usage table, summed for the dashboard, named in the budget message and on /metrics.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simLane } from '../models/testSupport';
import { createProvider, type ModelProvider } from '../models/provider';
import { startSimServer, type SimServer } from '../models/sim/server';
import { reviewCode, type ReviewerDeps } from '../review/reviewer';
import { buildReviewMessages } from '../review/reviewPrompt';
import { openDb } from '../store/db';
import { tempDir } from '../testing/fixtures';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { MetricsHub } from './metricsHub';
import { promptChars } from './tokenCount';

const FILES = [{ path: 'src/t.js', startLine: 1, code: 'export function f(a) {\n  let x = a;\n  return x;\n}' }];
const INSTRUCTION = 'find bugs in this';

let sim: SimServer;
let stripper: http.Server;

beforeAll(async () => {
  sim = await startSimServer({ profiles: { 'sim-strong': { ttftMs: 0, tokensPerSecond: 50_000 } } });
  const target = new URL(sim.baseUrl);
  stripper = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          const json = JSON.parse(Buffer.concat(body).toString('utf8')) as { usage?: unknown };
          delete json.usage;
          res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        });
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((r) => stripper.listen(0, '127.0.0.1', () => r()));
});
afterAll(async () => {
  await new Promise((r) => stripper.close(r));
  await sim.close();
});

function provider(baseUrl: string): ModelProvider {
  return createProvider(simLane(baseUrl));
}

/** A metrics hub over a fresh SQLite file, and the reviewer wired to it as the app wires it. */
function setup(baseUrl: string) {
  const root = tempDir('usage');
  const hub = new MetricsHub(openDb(tempDir('usage-data')), 'ws', new WorkspaceConfigFile(root));
  const reported: Parameters<ReviewerDeps['report']>[] = [];
  const deps: ReviewerDeps = {
    provider: provider(baseUrl),
    admit: () => hub.checkBudget('review'),
    report: (figures, person, tokens) => {
      reported.push([figures, person, tokens]);
      hub.observe('review', figures);
      hub.addUsage('review', person, tokens);
    },
  };
  const review = () =>
    reviewCode(deps, { subject: 'src/t.js', files: FILES, instruction: INSTRUCTION, by: 'Ana', reason: 'test' });
  return { hub, reported, review, root };
}

describe('estimated token usage', () => {
  it('takes the provider’s usage as a count, not an estimate, and times the review as a whole answer', async () => {
    const { hub, reported, review } = setup(sim.baseUrl);
    await review();
    const [[figures, person, tokens]] = reported;
    expect(person).toBe('Ana');
    expect(tokens.estimated).toBe(false);
    expect(tokens.tokensOut).toBeGreaterThan(0);
    expect(figures.reviewAnswerMs).toBeGreaterThan(0);
    const summary = hub.summary();
    expect(summary.usage.today.review).toEqual({
      tokensIn: tokens.tokensIn,
      tokensOut: tokens.tokensOut,
      estimated: false,
    });
    expect(summary.lanes.review.reviewAnswerMs?.count).toBe(1);
    expect(summary.lanes.review.ttftMs).toBeUndefined();
    expect(await hub.registry.metrics()).toMatch(/tandem_review_answer_ms_count\{lane="review",workspace="ws"\} 1/);
  });

  it(
    'estimates the tokens of an answer without usage, ' + 'and marks the totals, the budget message and /metrics',
    async () => {
      const { hub, reported, review, root } = setup(`http://127.0.0.1:${(stripper.address() as AddressInfo).port}/v1`);
      const answer = await review();
      const [[, , tokens]] = reported;
      expect(tokens.estimated).toBe(true);
      expect(tokens.tokensIn).toBe(Math.ceil(promptChars(buildReviewMessages(INSTRUCTION, FILES)) / 4));
      expect(tokens.tokensOut).toBeGreaterThan(0);
      expect(answer.findings.length).toBeGreaterThan(0);

      const summary = hub.summary();
      expect(summary.usage.today.review).toEqual({
        tokensIn: tokens.tokensIn,
        tokensOut: tokens.tokensOut,
        estimated: true,
      });
      expect(summary.usage.byPerson).toEqual([
        { person: 'Ana', lane: 'review', tokensIn: tokens.tokensIn, tokensOut: tokens.tokensOut, estimated: true },
      ]);
      expect(summary.usage.today.fast.estimated).toBe(false);
      const total = tokens.tokensIn + tokens.tokensOut;
      expect(await hub.registry.metrics()).toContain(
        `tandem_estimated_tokens_total{lane="review",workspace="ws"} ${total}`,
      );

      fs.writeFileSync(path.join(root, 'tandem.json'), JSON.stringify({ budgets: { review: 10 } }));
      await expect(review()).rejects.toThrow(
        `the review lane has used ≈${total.toLocaleString('en-US')} tokens (an estimate`,
      );
    },
  );

  it('keeps a day estimated once any part of it was, when counted tokens are added after', async () => {
    const stripped = setup(`http://127.0.0.1:${(stripper.address() as AddressInfo).port}/v1`);
    await stripped.review();
    stripped.hub.addUsage('review', 'Ben', { tokensIn: 5, tokensOut: 7, estimated: false });
    const { today, byPerson } = stripped.hub.summary().usage;
    expect(today.review.estimated).toBe(true);
    expect(byPerson.find((u) => u.person === 'Ben')).toEqual({
      person: 'Ben',
      lane: 'review',
      tokensIn: 5,
      tokensOut: 7,
      estimated: false,
    });
  });
});
