// What everyone is told of a fast turn, and what that leaves behind. Every event a session sends (a
// delta or a state change, each numbered) is first folded into the turn's own copy of the shared
// turn model (lib/fastlane/turnModel), so a late joiner's snapshot is exactly what the others have
// seen; a state change also reports the figures measured so far and is written to the transcript
// at once, a delta's output on the recorder's next tick.
import type { FastDelta, FastStateEvent, FastTurnSnapshot, GhostState } from '../../lib/protocol/fast';
import { reduceTurn } from '../../lib/fastlane/turnModel';
import { reportFigures, type FastSessionReport, type Turn } from './fastTurn';
import type { TurnRecorder } from './turnRecorder';

export type TurnEmit = {
  started(turn: FastTurnSnapshot): void;
  delta(delta: FastDelta): void;
  state(event: FastStateEvent): void;
};

export class TurnEvents {
  constructor(private readonly deps: { emit: TurnEmit; report: FastSessionReport; recorder: TurnRecorder }) {}

  delta(turn: Turn, from: number, text: string): void {
    const delta: FastDelta = { requestId: turn.info.requestId, from, text, seq: turn.view.seq + 1 };
    turn.view = reduceTurn(turn.view, { kind: 'delta', ...delta }).turn;
    this.deps.emit.delta(delta);
    this.deps.recorder.soon(turn);
  }

  state(turn: Turn, state: GhostState, message?: string, redirects = turn.view.redirects): void {
    const event: FastStateEvent = {
      requestId: turn.info.requestId,
      state,
      ...(message ? { message } : {}),
      metrics: { ...turn.metrics },
      redirects,
      seq: turn.view.seq + 1,
    };
    turn.view = reduceTurn(turn.view, { kind: 'state', ...event }).turn;
    reportFigures(turn, this.deps.report);
    this.deps.emit.state(event);
    this.deps.recorder.now(turn);
  }
}
