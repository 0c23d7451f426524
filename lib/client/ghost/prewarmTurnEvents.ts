// Why: a page's first turn ran the fast-lane client's event handlers for the first time between
// Enter and its first paint (a coverage run listed GhostTurns' started, fold, summarize and forget
// among the functions compiled there). This runs them once beforehand, on a throwaway GhostTurns
// (the same class, so the same code) that paints with a painter that draws nothing and tells
// nobody: a turn announced, streamed in small deltas, ended, shown stopped and forgotten.
import type { FastTurnInfo } from '../../protocol';
import type { GhostPainter } from './ghostFrames';
import { GhostTurns } from './ghostTurns';

const CHUNK_CHARS = 24;

export function prewarmTurnEvents(info: FastTurnInfo, answer: string): void {
  const frames: (() => void)[] = [];
  const runFrames = () => {
    for (const paint of frames.splice(0)) paint();
  };
  const self = 'tandem-prewarm';
  const ghosts = new GhostTurns({
    self: () => self,
    catchUp: () => ({
      hold: () => false,
      heardFrom: () => undefined,
      resync: () => undefined,
      forget: () => undefined,
    }),
    out: { put: () => undefined, drop: () => undefined, figures: () => undefined },
    schedule: (paint) => frames.push(paint),
  });
  const nothing: GhostPainter = { paint: (turn) => void turn.lines(), clear: () => undefined, flush: () => undefined };
  ghosts.setPainter(info.path, nothing);
  const { requestId } = info;
  ghosts.settleRequest(ghosts.newRequest());
  ghosts.started({
    info: { ...info, byClient: self },
    state: 'streaming',
    output: '',
    redirects: [],
    metrics: {},
    seq: 0,
  });
  runFrames();
  let seq = 0;
  for (let from = 0; from < answer.length; from += CHUNK_CHARS) {
    ghosts.fold(requestId, {
      kind: 'delta',
      requestId,
      from,
      text: answer.slice(from, from + CHUNK_CHARS),
      seq: ++seq,
    });
    runFrames();
  }
  ghosts.fold(requestId, { kind: 'state', requestId, state: 'done', metrics: {}, redirects: [], seq: seq + 1 });
  runFrames();
  const turn = ghosts.turn(requestId);
  if (turn) {
    ghosts.mine(info.path);
    ghosts.publishFigures(turn);
    ghosts.forget(turn);
  }
}
