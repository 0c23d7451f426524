// Why: the turn's races — an interrupt or redirect crossing events still on the wire, a cut to
// what the asker had shown, a missed event — are decided by this one reducer on both sides, so
// they are tested here, directly, event by event.
import { describe, expect, it } from 'vitest';
import type { FastStateEvent, FastTurnInfo } from '../protocol';
import { newTurn, reduceTurn, snapshot, type TurnEvent, type TurnModel } from './turnModel';

const info: FastTurnInfo = {
  requestId: 'r1',
  path: 'a.ts',
  by: 'Ada',
  byClient: 's1',
  instruction: 'rename',
  range: { startLine: 1, endLine: 3 },
  original: 'let a = 1;\nlet b = 2;\nlet c = 3;',
  anchor: { start: null, end: null },
  model: { lane: 'fast', model: 'sim', host: 'local', simulated: true },
  lane: 'fast',
  intent: 'edit',
  reason: 'test',
};

/** Numbers server events the way the server does: one counter per turn for deltas and states. */
function server() {
  let seq = 0;
  return {
    delta: (from: number, text: string): TurnEvent => ({ kind: 'delta', requestId: 'r1', from, text, seq: ++seq }),
    state: (state: FastStateEvent['state'], redirects: string[] = [], metrics = {}): TurnEvent => ({
      kind: 'state',
      requestId: 'r1',
      state,
      redirects,
      metrics,
      seq: ++seq,
    }),
  };
}

const fold = (t: TurnModel, ...events: TurnEvent[]) => events.reduce((acc, e) => reduceTurn(acc, e).turn, t);

describe('turn model', () => {
  it('appends and rewinds output, and says which', () => {
    const s = server();
    let t = newTurn(info);
    let step = reduceTurn(t, s.delta(0, 'let x'));
    expect(step).toMatchObject({ change: 'append', appended: 'let x', gap: false });
    t = step.turn;
    step = reduceTurn(t, s.delta(4, 'y = 1;'));
    expect(step.change).toBe('rewind');
    expect(step.turn.output).toBe('let y = 1;');
  });

  it('ignores an event it already has and reports a gap without applying what follows it', () => {
    const s = server();
    const first = s.delta(0, 'let ');
    const t = fold(newTurn(info), first);
    expect(reduceTurn(t, first)).toMatchObject({ change: 'none', gap: false });
    s.delta(4, 'x'); // lost on the way
    const after = reduceTurn(t, s.delta(5, ' = 1'));
    expect(after.gap).toBe(true);
    expect(after.turn).toBe(t);
    // A delta that starts past the output it would extend is a gap too, whatever its number says.
    expect(reduceTurn(t, { kind: 'delta', requestId: 'r1', from: 9, text: 'z', seq: 2 }).gap).toBe(true);
  });

  it("a stop freezes the asker at what it had shown; the server's later deltas and its end change nothing", () => {
    const s = server();
    let t = fold(newTurn(info), s.delta(0, 'let a'));
    t = reduceTurn(t, { kind: 'stop' }).turn;
    expect(t).toMatchObject({ state: 'interrupted', stopped: true, output: 'let a' });
    // In flight when Esc was pressed: more output, then the stream's own end.
    // Deltas still on the wire extend what the asker no longer follows: not a gap, nothing changes.
    const late = [s.delta(5, ' = 10;'), s.delta(11, '\nlet b')];
    for (const d of late) {
      const held = reduceTurn(t, d);
      expect(held).toMatchObject({ change: 'none', gap: false });
      t = held.turn;
    }
    // Nothing it shows changes, so nothing is repainted after Esc; the figures are still taken.
    const end = reduceTurn(t, s.state('done', [], { ttftMs: 5 }));
    expect(end.change).toBe('none');
    t = end.turn;
    expect(t).toMatchObject({ state: 'interrupted', output: 'let a', seq: 4 });
    expect(t.metrics).toEqual({ ttftMs: 5 });
  });

  it('a collaborator follows the cut the server sends after the asker stopped', () => {
    const s = server();
    let t = fold(newTurn(info), s.delta(0, 'let a = 1'), s.delta(9, '0;'));
    t = fold(t, s.delta(5, ''), s.state('interrupted'));
    expect(t).toMatchObject({ output: 'let a', state: 'interrupted', stopped: false });
  });

  it("after a redirect, the old generation's deltas and states are held back until the server announces it", () => {
    const s = server();
    let t = fold(newTurn(info), s.delta(0, 'let a'));
    t = reduceTurn(t, { kind: 'redirect', instruction: 'use const' }).turn;
    expect(t).toMatchObject({ state: 'streaming', awaitRedirects: 1 });
    // The old generation kept going, then ended, before the server took the redirect.
    t = fold(t, s.delta(5, ' = 1;'), s.state('done'));
    expect(t).toMatchObject({ output: 'let a', state: 'streaming' });
    // The server cuts to what the asker had kept and announces the redirect; the new generation follows.
    t = fold(t, s.delta(5, ''), s.state('streaming', ['use const']), s.delta(0, 'const a'));
    expect(t).toMatchObject({ output: 'const a', state: 'streaming', awaitRedirects: 0, redirects: ['use const'] });
  });

  it("a stop while a redirect is pending wins over the redirect's announcement", () => {
    const s = server();
    let t = fold(newTurn(info), s.delta(0, 'let a'), { kind: 'redirect', instruction: 'x' }, { kind: 'stop' });
    t = fold(t, s.state('streaming', ['x']), s.delta(5, ' = 2;'), s.state('interrupted', ['x']));
    expect(t).toMatchObject({ state: 'interrupted', output: 'let a', redirects: ['x'] });
  });

  it('a resolution ends the turn whatever the asker was doing, and nothing reopens it', () => {
    const s = server();
    let t = fold(newTurn(info), s.delta(0, 'let a'), { kind: 'stop' });
    t = fold(t, s.state('rejected'));
    expect(t.state).toBe('rejected');
    t = fold(t, s.delta(5, 'x'), s.state('streaming'), { kind: 'redirect', instruction: 'again' }, { kind: 'stop' });
    expect(t).toMatchObject({ state: 'rejected', output: 'let a' });
  });

  it("a snapshot taken from the server's copy rebuilds the same turn for a late joiner", () => {
    const s = server();
    const events = [
      s.delta(0, 'let a'),
      s.state('streaming', ['x'], { ttftMs: 3 }),
      s.delta(0, 'const a'),
      s.delta(7, ' = 1;'),
    ];
    const serverCopy = fold(newTurn(info), ...events);
    const late = reduceTurn(newTurn(info), { kind: 'sync', snapshot: snapshot(serverCopy) }).turn;
    expect(snapshot(late)).toEqual(snapshot(serverCopy));
    const next = s.state('done', ['x'], { ttftMs: 3 });
    expect(snapshot(fold(late, next))).toEqual(snapshot(fold(serverCopy, next)));
  });

  it("a sync keeps a stop in force while the server's turn still streams", () => {
    const s = server();
    const first = s.delta(0, 'let a');
    const t = fold(newTurn(info), first, { kind: 'stop' });
    const serverCopy = fold(newTurn(info), first, s.delta(5, ' = 1;'));
    const synced = reduceTurn(t, { kind: 'sync', snapshot: snapshot(serverCopy) });
    expect(synced.turn).toMatchObject({ state: 'interrupted', stopped: true, output: 'let a', seq: 2 });
  });
});
