// The classifier against the real simulated model over HTTP (the fast lane's provider): a verdict
// and its latency, the cache, one request for concurrent asks, a model that stalls (the wait ends
// at the timeout, the rules decide), a failing model and a reply that names no verdict; then the
// router with it, as the app wires it. Waits that expect a verdict are generous (2 s) so a loaded
// machine cannot flip them; the timeout path uses a model that never answers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeAnswerSchema } from '../../lib/protocol/route';
import { createProvider, type ModelProvider } from '../models/provider';
import { FAULT_HEADER } from '../models/sim/faults';
import { startSimServer, type SimServer } from '../models/sim/server';
import { simLane } from '../models/testSupport';
import { tempDir } from '../testing/fixtures';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { Classifier, type AskModel } from './classifier';
import { routeDecider } from './decideRoute';
import { UNMEASURED } from './laneState';

const WAIT = 2_000;
let sim: SimServer;
let provider: ModelProvider;
const classifyRequests = () => sim.requests.filter((r) => JSON.stringify(r.body).includes('<classify>')).length;
const ask: AskModel = (request, options) => provider.complete(request, options);
const faulty =
  (fault: string): AskModel =>
  (request, options) =>
    provider.complete({ ...request, headers: { [FAULT_HEADER]: fault } }, options);

beforeAll(async () => {
  sim = await startSimServer();
  provider = createProvider(simLane(sim.baseUrl, { lane: 'fast', model: 'sim-fast' }));
});
afterAll(async () => {
  await provider.close();
  await sim.close();
});

describe('Classifier', () => {
  it('asks the fast model once, then answers from the cache', async () => {
    const classifier = new Classifier(ask);
    const first = await classifier.classify('this returns -1 for an empty list?', WAIT);
    expect(first).toMatchObject({ verdict: 'fast-answer', cached: false });
    expect((first as { ms: number }).ms).toBeGreaterThan(0);
    const before = classifyRequests();
    const again = await classifier.classify('  This returns -1 for an EMPTY list? ', WAIT);
    expect(again).toEqual({ ...first, cached: true });
    expect(classifyRequests()).toBe(before);
    expect(classifier.stats()).toMatchObject({ asks: 2, cacheHits: 1, requests: 1, latenciesMs: [first.ms] });
  });

  it('sends one request for concurrent asks of the same instruction', async () => {
    const classifier = new Classifier(ask);
    const before = classifyRequests();
    const [a, b, c] = await Promise.all([
      classifier.classify('less nesting', WAIT),
      classifier.classify('Less  nesting', WAIT),
      classifier.classify('why not use a map here?', WAIT),
    ]);
    expect(a).toMatchObject({ verdict: 'fast-edit', cached: false });
    expect(b).toEqual(a);
    expect(c).toMatchObject({ verdict: 'fast-edit' });
    expect(classifyRequests()).toBe(before + 2);
    expect(classifier.stats()).toMatchObject({ asks: 3, shared: 1, requests: 2 });
  });

  it('gives up at the timeout when the model stalls, and keeps nothing', async () => {
    const classifier = new Classifier(faulty('stall:0'));
    const outcome = await classifier.classify('does this handle an empty cart', 150);
    expect(outcome).toMatchObject({ timedOut: true });
    expect((outcome as { ms: number }).ms).toBeGreaterThanOrEqual(140);
    expect(classifier.stats()).toMatchObject({ timedOut: 1, cacheHits: 0, latenciesMs: [] });
  });

  it('says why when the model fails or answers no verdict', async () => {
    const failing = await new Classifier(faulty('500')).classify('less nesting', WAIT);
    expect(failing).toMatchObject({ failed: expect.stringMatching(/500|server/i) });
    // A real reply that ignores the format: the simulator's note for a message it does not know.
    const chatty: AskModel = (request, options) =>
      provider.complete({ ...request, messages: [request.messages[0], { role: 'user', content: 'hello' }] }, options);
    const classifier = new Classifier(chatty);
    expect(await classifier.classify('less nesting', WAIT)).toMatchObject({
      failed: expect.stringMatching(/^an unreadable reply: "\[simulated model\]/),
    });
    expect(classifier.stats()).toMatchObject({ failed: 1, latenciesMs: [] });
  });
});

describe('the router with the classifier', () => {
  function decider(routing: object, model: AskModel) {
    const workspace = tempDir('classify-ws');
    fs.writeFileSync(path.join(workspace, 'tandem.json'), JSON.stringify({ routing }));
    const classifier = new Classifier(model);
    const decide = routeDecider({
      config: new WorkspaceConfigFile(workspace),
      lanes: () => UNMEASURED,
      textOf: async () => null,
      classify: (instruction, timeoutMs) => classifier.classify(instruction, timeoutMs),
    });
    return { decide, classifier };
  }
  const query = (instruction: string) => ({
    instruction,
    path: 'src/cart.ts',
    selection: { startLine: 14, endLine: 20 },
  });

  it('asks only when the rules are unsure, and says the model decided', async () => {
    const { decide, classifier } = decider({ classifierTimeoutMs: WAIT }, ask);
    const sure = await decide(query('rename total to sum'));
    expect(sure).not.toHaveProperty('classifier');
    const asked = await decide(query('this returns -1 for an empty list?'));
    expect(routeAnswerSchema.parse(asked)).toEqual(asked);
    expect(asked).toMatchObject({ lane: 'fast', intent: 'answer', confidence: 0.8 });
    expect(asked.classifier).toMatchObject({ verdict: 'fast-answer', cached: false });
    expect(asked.reason).toMatch(
      /^a question about lines 14–20: the fast model answers in words \(.*\) \(the fast model classified it in \d+ ms\)$/,
    );
    // the preview warmed the cache: Enter gets the verdict at once
    expect((await decide(query('this returns -1 for an empty list?'))).reason).toMatch(
      /\(the fast model classified it earlier \(cached\)\)$/,
    );
    expect(decide.counts()).toEqual({ rules: 1, classifier: 2, classifierGaveNone: 0 });
    expect(classifier.stats()).toMatchObject({ requests: 1, cacheHits: 1 });
  });

  it('keeps the rules’ decision when the model does not answer in time, and says so', async () => {
    const { decide } = decider({ classifierTimeoutMs: 100 }, faulty('stall:0'));
    const d = await decide(query('less nesting'));
    expect(d).toMatchObject({ lane: 'fast', intent: 'edit', confidence: 0.5, classifier: { timedOut: true } });
    expect(d.reason).toBe(
      'a guess (no rule matched the words): a small, local, reversible edit of 7 lines in one file ' +
        '(the fast model did not classify it within 100 ms: the rules decided)',
    );
    expect(decide.counts()).toEqual({ rules: 0, classifier: 0, classifierGaveNone: 1 });
  });

  it('never asks when the workspace turns it off', async () => {
    const { decide, classifier } = decider({ classifierTimeoutMs: 0 }, ask);
    expect((await decide(query('less nesting'))).reason).toMatch(/^a guess \(no rule matched the words\)/);
    expect(classifier.stats().asks).toBe(0);
  });
});
