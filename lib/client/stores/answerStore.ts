// Why: an answer streams into the Fast lane panel, not the editor. The fast-lane client paints the
// answer turns it holds (the person's own and collaborators') through `answerPainter` at most once
// per animation frame, so the panel re-renders per frame while an answer streams, never per token.
import { create } from 'zustand';
import type { GhostState, LineRange } from '../../protocol';
import type { GhostPainter } from '../ghost/ghostFrames';
import type { GhostTurn } from '../ghost/ghostTurn';

export type LiveAnswer = {
  requestId: string;
  path: string;
  /** Who asked, and whether it was this browser's person. */
  by: string;
  self: boolean;
  question: string;
  redirects: string[];
  range: LineRange;
  state: GhostState;
  message?: string;
  /** The markdown so far. */
  text: string;
  ttftMs?: number;
  tokensPerSec?: number;
};

export const useAnswerStore = create<{ answers: Record<string, LiveAnswer> }>(() => ({ answers: {} }));

export function liveAnswer(turn: GhostTurn): LiveAnswer {
  const { requestId, path, by, instruction, range } = turn.info;
  const { ttftMs, tokensPerSec } = turn.serverMetrics;
  return {
    requestId,
    path,
    by,
    self: turn.self,
    question: instruction,
    redirects: turn.redirects,
    range,
    state: turn.state,
    ...(turn.message ? { message: turn.message } : {}),
    text: turn.output,
    ...(ttftMs !== undefined ? { ttftMs } : {}),
    ...(tokensPerSec !== undefined ? { tokensPerSec } : {}),
  };
}

/** What the Fast lane panel registers with the fast-lane client (`setAnswerPainter`). */
export const answerPainter: GhostPainter = {
  paint(turn) {
    const answer = liveAnswer(turn);
    useAnswerStore.setState((s) => ({ answers: { ...s.answers, [answer.requestId]: answer } }));
  },
  clear(requestId) {
    useAnswerStore.setState((s) => {
      if (!(requestId in s.answers)) return s;
      const answers = { ...s.answers };
      delete answers[requestId];
      return { answers };
    });
  },
};
