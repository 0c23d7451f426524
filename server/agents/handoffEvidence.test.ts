// The handoff evidence: the session's turns picked from the transcript, their figures, the
// validation asked for, and the compact text for the run's first model message.
import { describe, expect, it } from 'vitest';
import { handoffEvidenceSchema, type FastTurnRecord, type RunHandoff } from '../../lib/protocol';
import { askedValidation, buildHandoffEvidence, describeHandoff, MAX_HANDOFF_TURNS } from './handoffEvidence';
import { buildRunMessages } from './prompt';

const turn = (over: Partial<FastTurnRecord>): FastTurnRecord => ({
  requestId: 'r1',
  path: 'src/cart.ts',
  by: 'Ada',
  instruction: 'rename total to sum',
  redirects: [],
  range: { startLine: 14, endLine: 20 },
  output: '',
  outcome: 'rejected',
  model: 'sim-fast',
  metrics: {},
  reason: '',
  createdAt: 1000,
  ...over,
});

const handoff: RunHandoff = {
  requestId: 'r3',
  path: 'src/cart.ts',
  instruction: 'call it sum; validation command: npm test',
  range: { startLine: 14, endLine: 20 },
  diff: { added: 2, removed: 3 },
};

const recent = [
  turn({
    requestId: 'r3',
    instruction: 'call it sum; validation command: npm test',
    redirects: ['keep the comment'],
    outcome: 'interrupted',
    createdAt: 3000,
    metrics: {
      ttftMs: 12.4,
      outputTokens: 20,
      tokensEstimated: true,
      tokensPerSec: 950.2,
      interruptToCloseMs: 3.2,
      redirectVia: 'restart',
    },
  }),
  turn({ requestId: 'later', createdAt: 4000 }),
  turn({ requestId: 'other-range', range: { startLine: 40, endLine: 44 }, createdAt: 1500 }),
  turn({ requestId: 'other-person', by: 'Bo', createdAt: 1600 }),
  turn({
    requestId: 'r1',
    createdAt: 1000,
    outcome: 'done',
    metrics: { ttftMs: 8, outputTokens: 30, tokensPerSec: 1000 },
  }),
];

describe('buildHandoffEvidence', () => {
  it("takes the source turn and the same person's earlier turns on the range, oldest first, with their figures", () => {
    const e = handoffEvidenceSchema.parse(buildHandoffEvidence(handoff, recent, 'Hana'));
    expect(e.source).toEqual({
      requestId: 'r3',
      path: 'src/cart.ts',
      range: { startLine: 14, endLine: 20 },
      by: 'Ada',
      instruction: 'call it sum; validation command: npm test',
    });
    expect(e.turns.map((t) => t.requestId)).toEqual(['r1', 'r3']);
    expect(e.turns[0]).toMatchObject({ outcome: 'done', ttftMs: 8, outputTokens: 30, interrupted: false });
    expect(e.turns[1]).toEqual({
      requestId: 'r3',
      instruction: 'call it sum; validation command: npm test',
      redirects: ['keep the comment'],
      redirectVia: 'restart',
      outcome: 'interrupted',
      ttftMs: 12.4,
      outputTokens: 20,
      tokensEstimated: true,
      tokensPerSec: 950.2,
      interrupted: true,
      interruptToCloseMs: 3.2,
    });
    expect(e.diff).toEqual({ added: 2, removed: 3 });
    expect(e.validation).toBe('npm test');
  });

  it('keeps at most the last few turns, the handed-off one last', () => {
    const many = Array.from({ length: 8 }, (_, i) => turn({ requestId: `t${i}`, createdAt: i }));
    const e = buildHandoffEvidence({ ...handoff, requestId: 't7' }, many, 'Ada');
    expect(e.turns).toHaveLength(MAX_HANDOFF_TURNS);
    expect(e.turns.at(-1)!.requestId).toBe('t7');
  });

  it('without the source turn in the transcript: the source from the request, no figures', () => {
    const e = buildHandoffEvidence({ ...handoff, diff: undefined }, [], 'Hana');
    expect(e.source.by).toBe('Hana');
    expect(e.turns).toEqual([]);
    expect(e.diff).toBeNull();
    expect(e.validation).toBe('npm test');
  });
});

describe('askedValidation', () => {
  it('is the last command named in the instructions and redirects, else null', () => {
    expect(askedValidation([{ instruction: 'x', redirects: ['y; validation command: `npm run check`'] }])).toBe(
      'npm run check',
    );
    expect(askedValidation([{ instruction: 'rename it', redirects: [] }])).toBeNull();
  });
});

describe('describeHandoff', () => {
  it('writes each turn with its figures, the diff size and the validation, one line each', () => {
    expect(describeHandoff(buildHandoffEvidence(handoff, recent, 'Hana'))).toBe(
      [
        "Evidence from the fast session (Ada's edit on src/cart.ts:14–20, figures as Tandem measured them):",
        '- turn 1, done: "rename total to sum" — TTFT 8 ms · 30 output tokens at 1000 tok/s',
        '- turn 2, interrupted: "call it sum; validation command: npm test" → redirected: "keep the comment" ' +
          '(redirect by restart) — TTFT 12 ms · 20 output tokens (estimated) at 950 tok/s · ' +
          'interrupted (stream closed 3 ms after Esc)',
        'Partial diff handed over: +2 −3 lines.',
        'Validation the person asked for: `npm test` — run it.',
      ].join('\n'),
    );
  });

  it('goes into the first user message, before the browser context', () => {
    const [, user] = buildRunMessages({
      instruction: 'finish it',
      files: [],
      selection: null,
      validation: { command: null, source: 'none' },
      context: 'Handed off from a fast-lane edit',
      handoff: buildHandoffEvidence(handoff, recent, 'Hana'),
      maxSteps: 10,
    });
    expect(user.content.indexOf('Evidence from the fast session')).toBeGreaterThan(0);
    expect(user.content.indexOf('Evidence from the fast session')).toBeLessThan(
      user.content.indexOf('Handed off from a fast-lane edit'),
    );
  });

  it('carries an answer the fast model gave in the session, with its text, to the run', () => {
    const asked = turn({
      requestId: 'q1',
      instruction: 'why does this print -$0.05?',
      intent: 'answer',
      outcome: 'done',
      output: 'Line 16 subtracts the discount after rounding.\n```ts\nconst total = Math.max(0, t);\n```',
      createdAt: 2000,
    });
    const evidence = buildHandoffEvidence(handoff, [...recent, asked], 'Ada');
    expect(handoffEvidenceSchema.parse(evidence)).toEqual(evidence);
    const answered = evidence.turns.find((t) => t.requestId === 'q1')!;
    expect(answered.answer).toBe(asked.output);
    expect(evidence.turns.filter((t) => t.answer !== undefined)).toHaveLength(1);
    const text = describeHandoff(evidence);
    expect(text).toContain('"why does this print -$0.05?"');
    expect(text).toContain('The fast model answered:\n    Line 16 subtracts the discount after rounding.');
  });
});
