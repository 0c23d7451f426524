// Why: a streaming ghost folds its settled lines once and a stopped one keeps what it proposes;
// either way it must paint what diffing the output afresh would give, rewinds included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactLineDiff } from '../../diff/lineDiff';
import { StreamingDiff } from '../../diff/streamingDiff';
import { newTurn } from '../../fastlane/turnModel';
import type { FastTurnInfo } from '../../protocol';
import { ghostLines } from './ghostLines';
import { GhostTurn } from './ghostTurn';
import { partialRewrite } from './partialRewrite';

function turnOn(original: string): GhostTurn {
  const info: FastTurnInfo = {
    requestId: 'r1',
    path: 'a.ts',
    by: 'Ada',
    byClient: 's1',
    instruction: 'rename',
    range: { startLine: 1, endLine: original.split('\n').length },
    original,
    anchor: { start: null, end: null },
    model: { lane: 'fast', model: 'sim', host: 'local', simulated: true },
    lane: 'fast',
    intent: 'edit',
    reason: 'test',
  };
  return new GhostTurn(newTurn(info), true);
}

const code = fc
  .array(fc.constantFrom('let ', 'x', 'y', ' = 1;', '\n', '  ', 'return ', '}'), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('GhostTurn', () => {
  it('paints at every frame what diffing the output so far gives, after a rewind too (property)', () => {
    fc.assert(
      fc.property(
        code,
        code,
        code,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.nat(),
        (original, first, second, cuts, rewind) => {
          const turn = turnOn(original);
          let reference = new StreamingDiff(original);
          let seq = 0;
          const frame = (from: number, text: string) => {
            const rewinds = from !== turn.output.length;
            const step = turn.apply({ kind: 'delta', requestId: 'r1', from, text, seq: ++seq }, 0);
            expect(step.gap).toBe(false);
            expect(turn.output).toBe(step.turn.output);
            if (rewinds) reference = new StreamingDiff(original);
            reference.push(rewinds ? turn.output : text);
            const view = reference.view();
            expect(turn.lines()).toEqual(ghostLines([...view.committed, ...view.tentative], true));
          };
          for (const cut of cuts)
            frame(turn.output.length, first.slice(0, cut % (first.length + 1)).slice(turn.output.length));
          frame(turn.output.length, first.slice(turn.output.length));
          frame(rewind % (turn.output.length + 1), second);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('once stopped, paints the exact diff of what it proposes, worked out once', () => {
    const original = 'let count = 0;\ncount += step;\nreturn count;';
    const turn = turnOn(original);
    turn.apply({ kind: 'delta', requestId: 'r1', from: 0, text: 'let total = 0;\ntotal += st', seq: 1 }, 0);
    turn.lines();
    turn.apply({ kind: 'stop' }, 0);
    expect(turn.state).toBe('interrupted');
    const partial = new StreamingDiff(original);
    partial.push(turn.output);
    const proposed = partialRewrite(original, turn.output, partial.view().reachedOriginal);
    expect(turn.resultText()).toBe(proposed);
    const lines = turn.lines();
    expect(lines).toEqual(ghostLines(exactLineDiff(original, proposed), false));
    expect(turn.lines()).toBe(lines);
    turn.apply({ kind: 'sync', snapshot: { ...turn.model, state: 'done', seq: 2 } }, 0);
    expect(turn.state).toBe('done');
    expect(turn.resultText()).toBe(turn.output);
    expect(turn.lines()).toEqual(ghostLines(exactLineDiff(original, turn.output), false));
  });
});
