// The fast lane's intent: the reading of the words (answer rules, edit verbs, guesses), a
// workspace's own answer rules, the answer's short estimate, and how route() uses a classification.
import { describe, expect, it } from 'vitest';
import { UNMEASURED, type LaneSnapshot } from './laneState';
import { compiledRules, DEFAULT_POLICY, resolvePolicy } from './policy';
import { readIntent } from './intent';
import { route } from './route';

const answerRules = compiledRules(DEFAULT_POLICY).answer;
const read = (instruction: string) => readIntent(instruction, answerRules);
const q = (instruction: string) => ({ instruction, path: 'src/cart.ts', selection: { startLine: 3, endLine: 9 } });

describe('readIntent', () => {
  it('reads questions that want words as answers, naming the rule', () => {
    expect(read('explain this')).toEqual({ intent: 'answer', rule: 0, uncertain: false });
    expect(read('Could you walk me through this?')).toMatchObject({ intent: 'answer', rule: 0 });
    expect(read("what's this for")).toMatchObject({ intent: 'answer', rule: 1 });
    expect(read('how does this work?')).toMatchObject({ intent: 'answer', rule: 1 });
    expect(read('is it ever null here?')).toMatchObject({ intent: 'answer', rule: 2 });
  });

  it('reads requests phrased as questions, and plain orders, as edits', () => {
    for (const edit of ['can you rename total to sum?', 'could we add a null check?', 'please, sort the imports'])
      expect(read(edit)).toEqual({ intent: 'edit', rule: null, uncertain: false });
    expect(read('how about using reduce')).toMatchObject({ intent: 'edit', uncertain: true });
  });

  it('says when it only guesses', () => {
    expect(read('less nesting')).toEqual({ intent: 'edit', rule: null, uncertain: true });
    expect(read('can you frobnicate it')).toEqual({ intent: 'edit', rule: null, uncertain: true });
    expect(read('this returns -1 for an empty list?')).toEqual({ intent: 'answer', rule: null, uncertain: true });
    expect(read('why not use a map here?')).toEqual({ intent: 'edit', rule: null, uncertain: true });
    expect(read('the loop should use for...of')).toEqual({ intent: 'edit', rule: null, uncertain: false });
  });
});

describe('route with intent', () => {
  it("follows a workspace's answer rules (a list given replaces the defaults)", () => {
    const policy = resolvePolicy({ answer: [{ pattern: '^eli5\\b', reason: 'a plain explanation asked' }] });
    expect(route(q('eli5 this'), policy)).toMatchObject({ lane: 'fast', intent: 'answer' });
    expect(route(q('eli5 this'), policy).reason).toMatch(/^a plain explanation asked about lines 3–9:/);
    expect(route(q('explain this'), policy).intent).toBe('edit');
    expect(() => resolvePolicy({ answer: [{ pattern: '[', reason: 'x' }] })).toThrow(/bad pattern/);
    expect(() => resolvePolicy({ classifierTimeoutMs: -1 })).toThrow(/routing.classifierTimeoutMs/);
  });

  it('estimates an answer at 200 tokens, whatever the selection', () => {
    const slow: LaneSnapshot = { ...UNMEASURED, fast: { tokensPerSec: 100, ttftMs: 500, turns: 5 } };
    const big = { ...q('what does this return?'), selection: { startLine: 1, endLine: 80 }, selectionChars: 40_000 };
    expect(route(big, DEFAULT_POLICY, slow)).toMatchObject({
      lane: 'fast',
      intent: 'answer',
      estimate: { tokens: 200, seconds: 2.5, measured: true },
    });
    expect(route({ ...big, instruction: 'uppercase the strings' }, DEFAULT_POLICY, slow).lane).toBe('strong');
  });

  it('applies a verdict only where the rules guessed, and says which', () => {
    const verdict = (v: 'fast-edit' | 'fast-answer' | 'strong' | 'review') => ({ verdict: v, ms: 41, cached: false });
    expect(route(q('less nesting'), DEFAULT_POLICY, UNMEASURED, verdict('review'))).toMatchObject({
      lane: 'review',
      confidence: 0.8,
      reason:
        'the fast model classified it as a review in 41 ms: the review lane reads and reports, it changes nothing',
      classifier: verdict('review'),
    });
    expect(route(q('less nesting'), DEFAULT_POLICY, UNMEASURED, verdict('strong')).lane).toBe('strong');
    const answered = route(q('less nesting'), DEFAULT_POLICY, UNMEASURED, { ...verdict('fast-answer'), cached: true });
    expect(answered).toMatchObject({ lane: 'fast', intent: 'answer' });
    expect(answered.reason).toMatch(
      /^a question about lines 3–9: .* \(the fast model classified it earlier \(cached\)\)$/,
    );
    // a sure decision ignores a verdict
    const sure = route(q('rename a to b'), DEFAULT_POLICY, UNMEASURED, verdict('review'));
    expect(sure).toMatchObject({ lane: 'fast', intent: 'edit', confidence: 0.9 });
    expect(sure).not.toHaveProperty('classifier');
    const failed = route(q('less nesting'), DEFAULT_POLICY, UNMEASURED, { failed: 'HTTP 500', ms: 12 });
    expect(failed.reason).toMatch(/\(the fast model could not classify it \(HTTP 500\): the rules decided\)$/);
  });
});
