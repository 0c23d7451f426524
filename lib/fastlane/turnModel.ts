// One fast-lane turn as a pure reducer, shared by the server and every browser: the server folds
// each event it emits into its copy (so a late joiner gets one faithful snapshot), and a browser
// folds the same events into its own. The asker's browser also folds its local intents (stop,
// redirect, resolve), which take effect before the server hears of them; the rules for the races
// between those intents and events still on the wire live here, in one place, tested directly.
import type { FastDelta, FastStateEvent, FastTurnInfo, FastTurnSnapshot, GhostOutcome } from '../protocol/fast';
import { isResolved } from '../protocol/fast';

export type TurnModel = FastTurnSnapshot & {
  /** Asker only: it stopped following the stream (Esc); the output is what it had shown. */
  stopped: boolean;
  /** Asker only: the count of redirects the server must announce before new deltas are shown. */
  awaitRedirects: number;
};

export type TurnEvent =
  | ({ kind: 'delta' } & FastDelta)
  | ({ kind: 'state' } & FastStateEvent)
  | { kind: 'stop' }
  | { kind: 'redirect'; instruction: string }
  | { kind: 'resolve'; outcome: GhostOutcome }
  | { kind: 'sync'; snapshot: FastTurnSnapshot };

/**
 * What an event did: `append` (the output grew by `appended`), `rewind` (it changed before its
 * end), `state` (state, figures or redirects changed), `none`; `gap` when an event's number shows
 * that events were missed — the receiver should ask for a snapshot.
 */
export type TurnChange = 'none' | 'append' | 'rewind' | 'state';
export type TurnStep = { turn: TurnModel; change: TurnChange; appended: string; gap: boolean };

export function newTurn(info: FastTurnInfo): TurnModel {
  return fromSnapshot({ info, state: 'streaming', output: '', redirects: [], metrics: {}, seq: 0 });
}

export function fromSnapshot(s: FastTurnSnapshot): TurnModel {
  return { ...s, redirects: [...s.redirects], metrics: { ...s.metrics }, stopped: false, awaitRedirects: 0 };
}

/** The turn as the wire carries it (without the asker's local intents). */
export function snapshot(t: TurnModel): FastTurnSnapshot {
  return {
    info: t.info,
    state: t.state,
    ...(t.message ? { message: t.message } : {}),
    output: t.output,
    redirects: t.redirects,
    metrics: t.metrics,
    seq: t.seq,
  };
}

const step = (turn: TurnModel, change: TurnChange = 'none', appended = '', gap = false): TurnStep => ({
  turn,
  change,
  appended,
  gap,
});

export function reduceTurn(t: TurnModel, e: TurnEvent): TurnStep {
  switch (e.kind) {
    case 'delta':
    case 'state': {
      if (e.seq <= t.seq) return step(t);
      if (e.seq !== t.seq + 1) return step(t, 'none', '', true);
      return e.kind === 'delta' ? onDelta(t, e) : onState(t, e);
    }
    case 'stop':
      if (t.state !== 'streaming') return step(t);
      return step({ ...t, state: 'interrupted', stopped: true, message: undefined }, 'state');
    case 'redirect':
      if (isResolved(t.state)) return step(t);
      return step(
        {
          ...t,
          state: 'streaming',
          message: undefined,
          stopped: false,
          awaitRedirects: Math.max(t.awaitRedirects, t.redirects.length) + 1,
        },
        'state',
      );
    case 'resolve':
      if (isResolved(t.state)) return step(t);
      return step({ ...t, state: e.outcome, message: undefined }, 'state');
    case 'sync': {
      // The server's copy replaces this one (after a gap, or a redirect the server refused); a
      // stop stays in force while the server's turn is still streaming toward it.
      const stopped = t.stopped && e.snapshot.state === 'streaming';
      const next: TurnModel = {
        ...fromSnapshot(e.snapshot),
        stopped,
        state: stopped ? 'interrupted' : e.snapshot.state,
      };
      if (stopped) next.output = t.output;
      return step(next, next.output === t.output ? 'state' : 'rewind');
    }
  }
}

/** Held back: the asker stopped following, or a redirect it sent is not announced yet. */
const holding = (t: TurnModel) => t.stopped || t.awaitRedirects > t.redirects.length;

function onDelta(t: TurnModel, d: FastDelta): TurnStep {
  // Held back, the output no longer follows the stream: a delta past its end is expected then.
  if (holding(t) || isResolved(t.state)) return step({ ...t, seq: d.seq });
  // Past the end of an output that did follow every event: something is missing.
  if (d.from > t.output.length) return step(t, 'none', '', true);
  if (d.from === t.output.length) {
    if (!d.text) return step({ ...t, seq: d.seq });
    return step({ ...t, output: t.output + d.text, seq: d.seq }, 'append', d.text);
  }
  return step({ ...t, output: t.output.slice(0, d.from) + d.text, seq: d.seq }, 'rewind');
}

function onState(t: TurnModel, e: FastStateEvent): TurnStep {
  const next: TurnModel = { ...t, metrics: e.metrics, redirects: e.redirects, seq: e.seq };
  // A resolution (accepted, rejected, handed off) ends the turn whatever this side was doing.
  if (isResolved(e.state)) return shown(t, { ...next, state: e.state, message: e.message });
  // Resolved here already; or the asker stopped (the stream's own end, or the server's interrupted,
  // changes nothing it shows); or events of the generation before a redirect, which starts anew.
  if (isResolved(t.state) || t.stopped || t.awaitRedirects > e.redirects.length) return shown(t, next);
  return shown(t, { ...next, state: e.state, message: e.message, awaitRedirects: 0 });
}

/** `state` when what a person sees of the turn changed (not only its figures), else `none`. */
function shown(before: TurnModel, after: TurnModel): TurnStep {
  const same =
    before.state === after.state &&
    before.message === after.message &&
    before.redirects.length === after.redirects.length;
  return step(after, same ? 'none' : 'state');
}
