import { describe, expect, it } from 'vitest';
import {
  answerOf,
  keySample,
  modelMs,
  peerSuperseded,
  stalePaints,
  tandemSuperseded,
  type CompleteProbe,
  type SimFill,
} from './completeFigures';

const fill = (line: string, over: Partial<SimFill> = {}): SimFill => ({
  arrivedAt: 100,
  closedAt: 170,
  aborted: false,
  body: { prompt: `x\n${line}`, suffix: '' },
  chunks: [
    { at: 160, tokens: 1 },
    { at: 165, tokens: 1 },
    { at: 166, tokens: 0 },
  ],
  ...over,
});

const probe = (over: Partial<CompleteProbe>): CompleteProbe => ({
  keys: [],
  sent: [],
  answers: [],
  cancels: [],
  typed: [],
  paints: [],
  frames: [],
  ...over,
});

describe('answerOf and stalePaints', () => {
  const answers: CompleteProbe['answers'] = [[10, 'const a = to', 'tal0;\nnext']];
  it('takes a ghost that is the rest of an answer, typed through or not', () => {
    expect(answerOf([20, 'tal0;', 'const a = to'], answers)).toBe(answers[0]);
    expect(answerOf([30, 'l0;', 'const a = tota'], answers)).toBe(answers[0]);
  });
  it('counts as stale a ghost that fits no answer the page had then', () => {
    const p = probe({
      answers,
      paints: [
        [5, 'tal0;', 'const a = to'], // before the answer arrived
        [20, 'tal0;', 'const a = tox'], // the line moved on
        [21, 'l0;', 'const a = to'], // not what was offered
        [22, '', 'const a = tox'], // no ghost: nothing to judge
        [23, 'tal0;', 'const a = to'],
      ],
    });
    expect(stalePaints(p)).toBe(3);
  });
});

describe('keySample', () => {
  it('measures the first fitting ghost after the last key, less the model’s time to its last token', () => {
    const p = probe({
      sent: [
        [40, 'const a = t'],
        [1100, 'const a = to'],
      ],
      answers: [
        [90, 'const a = t', 'otal0;'],
        [1190, 'const a = to', 'tal0;'],
      ],
      paints: [
        [95, 'otal0;', 'const a = t'],
        [1010, 'tal0;', 'const a = to'], // typed through the first: before the new request
        [1200, 'tal0;', 'const a = to'],
      ],
    });
    // The paint at 1010 fits the first answer, which was asked before the last key: no sample from it.
    expect(keySample(p, 1000, [fill('const a = to')])).toBeNull();
    const later = { ...p, paints: p.paints.filter(([t]) => t !== 1010) };
    expect(keySample(later, 1000, [fill('const a = t', { aborted: true }), fill('const a = to')])).toEqual({
      reused: false,
      painted: 200,
      added: 135,
      pause: 100,
      afterSend: 35,
      sentToAnswer: 25,
      answerToPaint: 10,
      typedShown: 200,
      beyondTyped: -65,
      beyondAnswerFrame: 0,
    });
    expect(keySample(later, 1000, [])).toMatchObject({ reused: true, added: 200 });
    // The page typed through the first answer and asked nothing after the last key: that paint is the sample.
    const typedThrough = { ...p, sent: p.sent.filter(([t]) => t < 1000) };
    expect(keySample(typedThrough, 1000, [])).toEqual({
      reused: true,
      painted: 10,
      added: 10,
      pause: 0,
      afterSend: 10,
      sentToAnswer: 0,
      answerToPaint: 10,
      typedShown: 10,
      beyondTyped: 0,
      beyondAnswerFrame: 0,
    });
    // The frame that showed the typed character ended 8 ms after the key: the ghost, painted later, adds 2 ms…
    const typed = [992, 1008, 1024];
    expect(keySample({ ...typedThrough, typed }, 1000, [])).toMatchObject({ typedShown: 8, beyondTyped: 2 });
    // …and a ghost painted in that very frame adds nothing beyond it.
    expect(keySample({ ...typedThrough, typed: [1010] }, 1000, [])).toMatchObject({ typedShown: 10, beyondTyped: 0 });
  });
  it('measures the ghost against the first frame that began after its answer came', () => {
    const p = probe({
      sent: [[1005, 'const a = to']],
      answers: [[1190, 'const a = to', 'tal0;']],
      paints: [[1215, 'tal0;', 'const a = to']],
      // Frames [began, painted]: 1185 began before the answer, 1201 after it (painted at 1204).
      frames: [
        [1185, 1188],
        [1201, 1204],
        [1212, 1215],
      ],
    });
    const later = keySample(p, 1000, [fill('const a = to')]);
    expect(later).toMatchObject({ answerToPaint: 25, beyondAnswerFrame: 11 });
    // Painted in that frame: nothing beyond it.
    const first = { ...p, paints: [[1204, 'tal0;', 'const a = to']] as CompleteProbe['paints'] };
    expect(keySample(first, 1000, [fill('const a = to')])).toMatchObject({ answerToPaint: 14, beyondAnswerFrame: 0 });
  });
  it('reads the model time of an unstreamed answer from its close', () => {
    expect(modelMs(fill('a', { chunks: [] }))).toBe(70);
    expect(modelMs(fill('a'))).toBe(65);
  });
});

describe('superseded requests closed upstream', () => {
  const origin = 1_000_000;
  it('Tandem: from the next keystroke, and from the cancel that aborted it, reaching the server', () => {
    const trace = [
      { t: origin + 90, event: 'complete/request', requestId: 'r1', linePrefix: 'const a ' },
      { t: origin + 95, event: 'doc/sync' },
      { t: origin + 120, event: 'doc/sync' },
      { t: origin + 121, event: 'complete/cancel', requestId: 'r1' },
    ];
    const records = [fill('const a ', { aborted: true, closedAt: 123 }), fill('const b ')];
    expect(tandemSuperseded(trace, records, origin)).toEqual({ keystroke: [28], signal: [2] });
  });
  it('the peer: from its route seeing the fetch aborted', () => {
    const trace = [
      { t: origin + 50, event: 'http-abort' },
      { t: origin + 130, event: 'http-abort' },
    ];
    expect(peerSuperseded(trace, [fill('a', { aborted: true, closedAt: 133 })], origin)).toEqual([3]);
  });
});
