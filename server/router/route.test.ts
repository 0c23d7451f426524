// The routing policy against its acceptance table, override prefixes and a workspace's own policy.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, resolvePolicy } from './policy';
import { route } from './route';
import { ROUTING_FIXTURES } from './routingFixtures';

describe('route', () => {
  it(`sends each of the ${ROUTING_FIXTURES.length} fixture requests to its lane`, () => {
    const wrong = ROUTING_FIXTURES.map((f) => ({ f, d: route(f, DEFAULT_POLICY) }))
      .filter(({ f, d }) => d.lane !== f.expect)
      .map(({ f, d }) => `${JSON.stringify(f.instruction)} → ${d.lane} (${d.reason}), expected ${f.expect}`);
    expect(ROUTING_FIXTURES.length).toBeGreaterThanOrEqual(40);
    expect(wrong).toEqual([]);
  });

  it('gives a reason and a confidence with every decision', () => {
    for (const f of ROUTING_FIXTURES) {
      const d = route(f, DEFAULT_POLICY);
      expect(d.reason.length).toBeGreaterThan(10);
      expect(d.confidence).toBeGreaterThan(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
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
  });
});
