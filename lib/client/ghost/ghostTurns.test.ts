// Why: GhostTurns is what the browser does with the server's events: one paint per frame however
// many deltas arrive, the panels told after the first paint, the HUD told only about this person's
// finished turn, a gap in the numbers handed to the catch-up, a resolved turn forgotten. And its
// warm-up (prewarmTurnEvents) runs the same code without a trace in what the page shows.
import { afterEach, describe, expect, it } from 'vitest';
import { newTurn, type TurnEvent } from '../../fastlane/turnModel';
import type { FastTurnInfo } from '../../protocol';
import { useGhostStore, type GhostSummary, type TurnFigures } from '../stores/ghostStore';
import type { GhostTurn } from './ghostTurn';
import { GhostTurns } from './ghostTurns';
import { prewarmTurnEvents } from './prewarmTurnEvents';

const ORIGINAL = 'let a = 1;\nlet b = 2;\n';

function info(requestId: string, byClient: string): FastTurnInfo {
  return {
    requestId,
    path: 'a.ts',
    by: 'Ada',
    byClient,
    instruction: 'rename',
    range: { startLine: 1, endLine: 2 },
    original: ORIGINAL,
    anchor: { start: null, end: null },
    model: { lane: 'fast', model: 'sim', host: 'local', simulated: true },
    lane: 'fast',
    intent: 'edit',
    reason: 'test',
  };
}

function setUp() {
  const frames: (() => void)[] = [];
  const paints: string[] = [];
  const put: GhostSummary[] = [];
  const dropped: string[] = [];
  const figures: TurnFigures[] = [];
  const resyncs: { requestId: string; event?: TurnEvent }[] = [];
  const ghosts = new GhostTurns({
    self: () => 'me',
    catchUp: () => ({
      hold: () => false,
      heardFrom: () => undefined,
      resync: (turn, event) => void resyncs.push({ requestId: turn.info.requestId, event }),
      forget: () => undefined,
    }),
    out: {
      put: (s) => void put.push(s),
      drop: (id) => void dropped.push(id),
      figures: (f) => void figures.push(f),
    },
    schedule: (paint) => frames.push(paint),
  });
  ghosts.setPainter('a.ts', {
    paint: (turn: GhostTurn) => void paints.push(`${turn.info.requestId}:${turn.output}`),
    clear: (id) => void paints.push(`clear ${id}`),
  });
  const runFrames = () => {
    for (const paint of frames.splice(0)) paint();
  };
  return { ghosts, frames, paints, put, dropped, figures, resyncs, runFrames };
}

const nextTask = () => new Promise((r) => setTimeout(r, 0));

describe('GhostTurns', () => {
  afterEach(() => useGhostStore.setState({ ghosts: {}, lastFigures: null }));

  it('paints once per frame, tells the panels after its first paint, the HUD when its own turn is done', async () => {
    const t = setUp();
    const id = t.ghosts.newRequest();
    t.ghosts.started(newTurn(info(id, 'me')));
    t.ghosts.fold(id, { kind: 'delta', requestId: id, from: 0, text: 'let ', seq: 1 });
    t.ghosts.fold(id, { kind: 'delta', requestId: id, from: 4, text: 'c = 1;\n', seq: 2 });
    expect(t.frames).toHaveLength(1);
    expect(t.put).toEqual([]);
    t.runFrames();
    expect(t.paints).toEqual([`${id}:let c = 1;\n`]);
    expect(t.ghosts.turn(id)?.timings.submitAt).toBeTypeOf('number');
    await nextTask();
    expect(t.put.map((s) => [s.requestId, s.state, s.self])).toEqual([[id, 'streaming', true]]);
    const done: TurnEvent = {
      kind: 'state',
      requestId: id,
      state: 'done',
      metrics: { ttftMs: 60 },
      redirects: [],
      seq: 3,
    };
    t.ghosts.fold(id, done);
    t.runFrames();
    expect(t.figures).toHaveLength(1);
    expect(t.figures[0]!.ttftMs).toBe(60);
    expect(t.ghosts.mine('a.ts')).toBe(t.ghosts.turn(id));
  });

  it("follows a collaborator's turn without telling the HUD, and forgets a resolved one", () => {
    const t = setUp();
    t.ghosts.started(newTurn(info('theirs', 'someone-else')));
    t.ghosts.fold('theirs', { kind: 'delta', requestId: 'theirs', from: 0, text: 'x', seq: 1 });
    t.ghosts.fold('theirs', { kind: 'state', requestId: 'theirs', state: 'done', metrics: {}, redirects: [], seq: 2 });
    t.runFrames();
    expect(t.figures).toEqual([]);
    expect(t.ghosts.mine('a.ts')).toBeUndefined();
    t.ghosts.fold('theirs', {
      kind: 'state',
      requestId: 'theirs',
      state: 'rejected',
      metrics: {},
      redirects: [],
      seq: 3,
    });
    expect(t.ghosts.turn('theirs')).toBeUndefined();
    expect(t.dropped).toEqual(['theirs']);
    expect(t.paints.at(-1)).toBe('clear theirs');
  });

  it('hands a gap in the numbers to the catch-up and does not apply the event', () => {
    const t = setUp();
    t.ghosts.started(newTurn(info('r', 'me')));
    const late: TurnEvent = { kind: 'delta', requestId: 'r', from: 3, text: 'late', seq: 2 };
    t.ghosts.fold('r', late);
    expect(t.resyncs).toEqual([{ requestId: 'r', event: late }]);
    expect(t.ghosts.turn('r')?.output).toBe('');
  });

  it('ignores the events of a turn it does not follow', () => {
    const t = setUp();
    t.ghosts.fold('unknown', { kind: 'delta', requestId: 'unknown', from: 0, text: 'x', seq: 1 });
    expect(t.frames).toEqual([]);
    expect(t.ghosts.all()).toEqual([]);
  });
});

describe('prewarmTurnEvents', () => {
  it('runs a whole turn through the handlers and leaves nothing in what the page shows', async () => {
    useGhostStore.setState({ ghosts: {}, lastFigures: null });
    prewarmTurnEvents(info('tandem-prewarm', ''), `/** ✦ */\n${ORIGINAL}`);
    await nextTask();
    await new Promise((r) => setTimeout(r, 200));
    expect(useGhostStore.getState()).toMatchObject({ ghosts: {}, lastFigures: null });
  });
});
