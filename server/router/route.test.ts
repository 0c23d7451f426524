// The routing policy against its acceptance table (accuracy printed in every run), override
// prefixes, a workspace's own policy, and decisions that weigh the lanes' measured state.
import { describe, expect, it } from 'vitest';
import { routeAnswerSchema } from '../../lib/protocol/route';
import { UNMEASURED, type LaneSnapshot } from './laneState';
import { DEFAULT_POLICY, resolvePolicy } from './policy';
import { route, unsure } from './route';
import { ROUTING_FIXTURES, type RoutingFixture } from './routingFixtures';

/** A fast decision edits unless the table says it answers; other lanes have no intent. */
const expectedIntent = (f: RoutingFixture) => (f.expect === 'fast' ? (f.intent ?? 'edit') : undefined);

const slowFast: LaneSnapshot = { ...UNMEASURED, fast: { tokensPerSec: 180, ttftMs: 400, turns: 20 } };
const big = { instruction: 'rename total to sum', path: 'src/cart.ts', selection: { startLine: 1, endLine: 80 } };

describe('route', () => {
  it(`sends each of the ${ROUTING_FIXTURES.length} fixture requests to its lane, with its intent`, () => {
    const wrong = ROUTING_FIXTURES.map((f) => ({ f, d: route(f, DEFAULT_POLICY, f.lanes) }))
      .filter(({ f, d }) => d.lane !== f.expect || d.intent !== expectedIntent(f))
      .map(
        ({ f, d }) =>
          `${JSON.stringify(f.instruction)} → ${d.lane}/${d.intent ?? '-'} (${d.reason}), ` +
          `expected ${f.expect}/${expectedIntent(f) ?? '-'}`,
      );
    const right = ROUTING_FIXTURES.length - wrong.length;
    console.log(
      `routing fixtures: ${right}/${ROUTING_FIXTURES.length} ` +
        `(${Math.floor((100 * right) / ROUTING_FIXTURES.length)}%) — lane and intent`,
    );
    expect(ROUTING_FIXTURES.length).toBeGreaterThanOrEqual(120);
    expect(wrong).toEqual([]);
  });

  it('is unsure (and asks the fast model) exactly where the table says the rules only guess', () => {
    const wrong = ROUTING_FIXTURES.filter(
      (f) => unsure(route(f, DEFAULT_POLICY, f.lanes), DEFAULT_POLICY) !== !!f.unsure,
    );
    expect(wrong.map((f) => f.instruction)).toEqual([]);
  });

  it('gives a reason and a confidence with every decision, in the wire shape', () => {
    for (const f of ROUTING_FIXTURES) {
      const d = route(f, DEFAULT_POLICY, f.lanes);
      expect(d.reason.length).toBeGreaterThan(10);
      expect(d.confidence).toBeGreaterThan(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
      expect(routeAnswerSchema.parse(d)).toEqual(d);
    }
  });

  it("strips an override prefix and marks the decision as the person's", () => {
    expect(route({ instruction: '/bg add a doc comment', path: 'a.ts' }, DEFAULT_POLICY)).toMatchObject({
      lane: 'strong',
      instruction: 'add a doc comment',
      override: true,
      confidence: 1,
    });
  });

  it('follows a workspace policy', () => {
    const section = { fastMaxLines: 5 };
    const policy = resolvePolicy(section);
    expect(resolvePolicy(section)).toBe(policy); // resolved once per config object, not per keystroke
    expect(
      route({ instruction: 'rename a to b', path: 'a.ts', selection: { startLine: 1, endLine: 10 } }, policy).lane,
    ).toBe('strong');
    expect(() => resolvePolicy({ fastMaxLines: 'x' })).toThrow(/routing.fastMaxLines/);
    expect(() => resolvePolicy({ strong: [{ pattern: '(', reason: 'bad' }] })).toThrow(/bad pattern/);
    expect(() => resolvePolicy({ fastMaxSeconds: 0 })).toThrow(/routing.fastMaxSeconds/);
  });
});

describe('route with the lanes’ state', () => {
  it('sends a fast edit that would take too long to the background, with the numbers', () => {
    const d = route({ ...big, selectionChars: 28_800 }, DEFAULT_POLICY, slowFast);
    expect(d.lane).toBe('strong');
    expect(d.reason).toBe(
      "~40 s at the fast model's current 180 tok/s for ~7,200 tokens: " +
        "more than the fast lane's 20 s — sent to the background",
    );
    expect(d.estimate).toEqual({ seconds: 40.4, tokens: 7200, tokensPerSec: 180, ttftMs: 400, measured: true });
  });

  it('keeps it fast under the threshold and shows the estimate; the threshold is the workspace’s', () => {
    const quick = route({ ...big, selectionChars: 2_000 }, DEFAULT_POLICY, slowFast);
    expect(quick.lane).toBe('fast');
    expect(quick.reason).toMatch(/small, local.*\(~3.2 s at the fast model's current 180 tok\/s for ~500 tokens\)/);
    expect(route({ ...big, selectionChars: 2_000 }, resolvePolicy({ fastMaxSeconds: 2 }), slowFast).lane).toBe(
      'strong',
    );
  });

  it('says when the speed is assumed because no fast turn was measured yet', () => {
    const d = route({ ...big, selectionChars: 12_000 }, DEFAULT_POLICY);
    expect(d.lane).toBe('strong');
    expect(d.reason).toMatch(/^~31 s at an assumed 100 tok\/s for ~3,000 tokens, no fast turn measured yet:/);
    expect(d.estimate?.measured).toBe(false);
    expect(route(big, DEFAULT_POLICY).estimate).toBeUndefined(); // no size known, no estimate
  });

  it('obeys /fast over a slow or failing fast lane, and warns', () => {
    const slow = route(
      { ...big, instruction: '/fast rename total to sum', selectionChars: 28_800 },
      DEFAULT_POLICY,
      slowFast,
    );
    expect(slow).toMatchObject({ lane: 'fast', override: true });
    expect(slow.reason).toMatch(/^you asked for it with \/fast \(~40 s at the fast model's current 180 tok\/s/);
    const down: LaneSnapshot = {
      ...UNMEASURED,
      down: { fast: { kind: 'rate_limit', status: 429, at: 0, retryAfterMs: null } },
    };
    expect(route({ ...big, instruction: '/fast x' }, DEFAULT_POLICY, down).reason).toBe(
      'you asked for it with /fast (note: the fast model is rate-limiting (429) right now)',
    );
  });

  it('sends work from a failing lane to the other one, saying why', () => {
    const fastDown: LaneSnapshot = {
      ...UNMEASURED,
      down: { fast: { kind: 'rate_limit', status: 429, at: 0, retryAfterMs: null } },
    };
    const small = { ...big, selection: { startLine: 14, endLine: 20 } };
    expect(route(small, DEFAULT_POLICY, fastDown)).toMatchObject({
      lane: 'strong',
      reason: 'the fast model is rate-limiting (429) — sent to the background',
    });
    const strongDown: LaneSnapshot = {
      ...UNMEASURED,
      down: { strong: { kind: 'network', status: null, at: 0, retryAfterMs: null } },
    };
    const long = route({ ...big, selection: { startLine: 1, endLine: 300 } }, DEFAULT_POLICY, strongDown);
    expect(long.lane).toBe('fast');
    expect(long.reason).toMatch(/^the strong model cannot be reached \(network\) — sent to the fast lane instead/);
    // the review lane reads with the strong model: it stays, with a note
    expect(route({ ...small, instruction: 'review this' }, DEFAULT_POLICY, strongDown).reason).toMatch(
      /note: the strong model cannot be reached \(network\) right now/,
    );
  });
});
