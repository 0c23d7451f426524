// Why: the closing note of issue 12 gives the classifier's share of routing decisions and its
// latency. This measures both on the fixture table against the real simulated fast model (its
// default profile, over HTTP) with the default policy (300 ms wait), the way the app runs it: each
// request decided twice, as the preview while the person types and again at Enter. It prints the
// figures; it asserts only what timing cannot change (a verdict or a timeout both keep the table's
// lane and intent, because the simulated classifier agrees with the rules on the unsure requests).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClassifierVerdict, RouteAnswer } from '../../lib/protocol/route';
import { percentile } from '../metrics/percentiles';
import { createProvider, type ModelProvider } from '../models/provider';
import { startSimServer, type SimServer } from '../models/sim/server';
import { simLane } from '../models/testSupport';
import { tempDir } from '../testing/fixtures';
import { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import { Classifier } from './classifier';
import { routeDecider } from './decideRoute';
import { UNMEASURED } from './laneState';
import { ROUTING_FIXTURES, type RoutingFixture } from './routingFixtures';

let sim: SimServer;
let provider: ModelProvider;
beforeAll(async () => {
  sim = await startSimServer();
  provider = createProvider(simLane(sim.baseUrl, { lane: 'fast', model: 'sim-fast' }));
});
afterAll(async () => {
  await provider.close();
  await sim.close();
});

/** A file whose selected lines have the fixture's size (`selectionChars`), or none. */
function textFor(f: RoutingFixture): string | null {
  if (f.selectionChars == null || !f.selection) return null;
  const { startLine, endLine } = f.selection;
  const lines: string[] = Array.from({ length: endLine }, () => '');
  lines[startLine - 1] = 'x'.repeat(Math.max(0, f.selectionChars - (endLine - startLine)));
  return lines.join('\n');
}

const matches = (f: RoutingFixture, d: RouteAnswer) =>
  d.lane === f.expect && d.intent === (f.expect === 'fast' ? (f.intent ?? 'edit') : undefined);
const VERDICT_OF = (f: RoutingFixture): ClassifierVerdict =>
  f.expect === 'fast' ? (f.intent === 'answer' ? 'fast-answer' : 'fast-edit') : f.expect;
const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)} ms`);

it('measures the classifier’s share of decisions and its latency on the fixture table', async () => {
  const classifier = new Classifier((request, options) => provider.complete(request, options));
  let current: RoutingFixture = ROUTING_FIXTURES[0];
  const decide = routeDecider({
    config: new WorkspaceConfigFile(tempDir('figures-ws')),
    lanes: () => current.lanes ?? UNMEASURED,
    textOf: async () => textFor(current),
    classify: (instruction, timeoutMs) => classifier.classify(instruction, timeoutMs),
  });
  let asked = 0;
  let cachedAtEnter = 0;
  const wrong: string[] = [];
  for (const f of ROUTING_FIXTURES) {
    current = f;
    const query = { instruction: f.instruction, path: f.path, selection: f.selection };
    const preview = await decide(query);
    const enter = await decide(query);
    if (preview.classifier) asked++;
    if (enter.classifier && 'cached' in enter.classifier && enter.classifier.cached) cachedAtEnter++;
    if (!matches(f, enter)) wrong.push(`${f.instruction} → ${enter.lane}/${enter.intent ?? '-'}: ${enter.reason}`);
  }
  const counts = decide.counts();
  const decisions = counts.rules + counts.classifier + counts.classifierGaveNone;
  const stats = classifier.stats();
  const sorted = [...stats.latenciesMs].sort((a, b) => a - b);
  const pct = (n: number, of: number) => `${of ? Math.round((100 * n) / of) : 0}%`;
  console.log(
    `routing classifier: the rules were unsure on ${asked} of ${ROUTING_FIXTURES.length} requests; ` +
      `of ${decisions} decisions (preview + Enter) the rules made ${counts.rules}, ` +
      `the fast model ${counts.classifier} (${pct(counts.classifier, decisions)}), ` +
      `none in time or failed ${counts.classifierGaveNone}; ` +
      `at Enter the verdict was cached ${cachedAtEnter}/${asked}; ` +
      `${stats.requests} model requests, p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))} ` +
      `(simulated fast model, ${sim.profiles['sim-fast'].ttftMs} ms TTFT)`,
  );
  expect(wrong).toEqual([]);
  expect(decisions).toBe(2 * ROUTING_FIXTURES.length);
  expect(asked).toBe(ROUTING_FIXTURES.filter((f) => f.unsure).length);

  // The model's latency on more than the few unsure requests, and how far it agrees with the table
  // on the words alone (requests with a file, no override and no lane state), four at a time.
  const judge = new Classifier((request, options) => provider.complete(request, options));
  const words = ROUTING_FIXTURES.filter(
    (f) => f.path && !f.lanes && f.selectionChars == null && !f.instruction.startsWith('/'),
  );
  let agree = 0;
  for (let i = 0; i < words.length; i += 4) {
    const batch = words.slice(i, i + 4);
    const verdicts = await Promise.all(batch.map((f) => judge.classify(f.instruction, 2_000)));
    agree += verdicts.filter((v, k) => 'verdict' in v && v.verdict === VERDICT_OF(batch[k])).length;
  }
  const all = [...judge.stats().latenciesMs].sort((a, b) => a - b);
  console.log(
    `classifier latency over ${all.length} requests: p50 ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))}; ` +
      `the simulated classifier alone agrees with the table on ${agree}/${words.length} requests (words only)`,
  );
  expect(all.length).toBeGreaterThan(0);
});
