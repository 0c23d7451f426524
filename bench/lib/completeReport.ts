// Why: the autocomplete bench's rows (bench/complete.ts gathers the samples): what each figure
// means is said once, here, beside the arithmetic that turns samples into rows.
import type { BenchContext } from './context';
import type { KeySample } from './completeFigures';
import { summarize } from './stats';

export type Who = 'tandem' | 'peer';
export type Figures = {
  samples: KeySample[];
  /** After the break key: answered by a model request. */
  answered: KeySample[];
  typed: number;
  made: number;
  closedEarly: number;
  stale: number;
};

export function reportComplete(
  ctx: BenchContext,
  figures: Record<Who, Figures>,
  missed: Record<Who, number>,
  closed: { tandem: { keystroke: number[]; signal: number[] }; peer: number[] },
  how: { rhythm: string; breakKey: string; targetMs: number },
): void {
  const section = 'Autocomplete';
  const hasPeer = ctx.peer !== null;
  const of = (who: Who, k: Exclude<keyof KeySample, 'reused'>) => summarize(figures[who].samples.map((s) => s[k]));
  const row = (name: string, k: Exclude<keyof KeySample, 'reused'>, extra: object = {}) =>
    ctx.row({ section, name, unit: 'ms', tandem: of('tandem', k), peer: hasPeer ? of('peer', k) : null, ...extra });
  row('last keystroke → ghost text painted, Chromium', 'painted', { note: how.rhythm });
  const added = of('tandem', 'added');
  const reused = (who: Who) => figures[who].samples.filter((s) => s.reused).length;
  const both = (n: (who: Who) => number) => `Tandem ${n('tandem')}${hasPeer ? `, peer ${n('peer')}` : ''}`;
  row('last keystroke → ghost painted, harness-added (less the model’s own time: arrival → last token)', 'added', {
    target: { text: `≤ ${how.targetMs} ms p50`, met: added.p50 <= how.targetMs },
    note:
      `the pause before asking is in it (next row); samples answered from a suggestion typed through ` +
      `(no model time): ${both(reused)}; no ghost from a request after the last key within 15 s ` +
      `(left out): ${both((who) => missed[who])}`,
  });
  const typedRow = 'of which: last keystroke → the frame that painted the typed character (the floor)';
  row(typedRow, 'typedShown', {
    note: 'Monaco paints a key in its own animation frame; nothing the key causes can show sooner',
  });
  row('harness-added beyond the typed character’s frame (added less the floor above)', 'beyondTyped', {
    note: `0: the ghost was painted in the same frame as the typed character; the target row is the one above`,
  });
  row('of which: last keystroke → request leaves the page (Tandem: adaptive pause; peer: debounce)', 'pause');
  row('of which: request sent → ghost painted, less the model’s time', 'afterSend');
  answeredRows(ctx, figures, how.breakKey);
  const per100 = (who: Who, k: 'made' | 'closedEarly') =>
    figures[who].typed ? (100 * figures[who][k]) / figures[who].typed : 0;
  const count = (name: string, k: 'made' | 'closedEarly') =>
    ctx.row({
      section,
      name,
      unit: 'per 100 chars',
      tandem: { p50: per100('tandem', k), n: figures.tandem.typed },
      peer: hasPeer ? { p50: per100('peer', k), n: figures.peer.typed } : null,
    });
  count('requests that reached the model, per 100 typed characters', 'made');
  count('of which closed before they ended (superseded or cancelled), per 100 typed characters', 'closedEarly');
  const tandemClosed = closed.tandem.keystroke.length ? summarize(closed.tandem.keystroke) : null;
  if (!tandemClosed) throw new Error('Tandem: no superseded request was closed upstream: nothing to time');
  ctx.row({
    section,
    name:
      'superseded request: the next keystroke reaches the server → upstream socket closed at the simulator ' +
      '(peer: its aborted fetch reaches the route)',
    unit: 'ms',
    tandem: tandemClosed,
    peer: hasPeer ? (closed.peer.length ? summarize(closed.peer) : null) : null,
    target: { text: `≤ ${how.targetMs} ms p50`, met: tandemClosed.p50 <= how.targetMs },
    note:
      `Tandem from the cancel or next request (what aborts it): p50 ` +
      `${closed.tandem.signal.length ? summarize(closed.tandem.signal).p50.toFixed(2) : '—'} ms` +
      (hasPeer && !closed.peer.length ? '; the peer closed none upstream' : ''),
  });
  ctx.row({
    section,
    name: 'stale ghost texts painted (not fitting the text on screen)',
    unit: 'count',
    tandem: { p50: figures.tandem.stale },
    peer: hasPeer ? { p50: figures.peer.stale } : null,
    target: { text: '0', met: figures.tandem.stale === 0 },
  });
}

/** The ghost after a key that breaks the suggestion: always a new model request (no typing through). */
function answeredRows(ctx: BenchContext, figures: Record<Who, Figures>, breakKey: string): void {
  const of = (who: Who, k: Exclude<keyof KeySample, 'reused'>) =>
    figures[who].answered.length ? summarize(figures[who].answered.map((s) => s[k])) : null;
  if (!figures.tandem.answered.length)
    throw new Error(`Tandem: no ghost from a model request after “${breakKey}”: nothing to time`);
  const hasPeer = ctx.peer !== null;
  const row = (name: string, k: Exclude<keyof KeySample, 'reused'>, note?: string) =>
    ctx.row({
      section: 'Autocomplete',
      name,
      unit: 'ms',
      tandem: of('tandem', k)!,
      peer: hasPeer ? of('peer', k) : null,
      ...(note ? { note } : {}),
    });
  const n = (who: Who) => figures[who].answered.length;
  row(
    `a key that breaks the suggestion (“${breakKey}” after the line) → ghost painted, harness-added (less the ` +
      'model’s own time): answered by a new model request',
    'added',
    `samples: Tandem ${n('tandem')}${hasPeer ? `, peer ${n('peer')}` : ''}`,
  );
  row('of which: that key → the frame that painted it (the floor)', 'typedShown');
  row('of which: that key → request leaves the page', 'pause');
  row(
    'of which: request sent → its answer reaches the page, less the model’s time (the wire and the server)',
    'sentToAnswer',
  );
  row(
    'of which: the answer reaches the page → ghost painted',
    'answerToPaint',
    'the wait for the next frame (≤ 16.7 ms at 60 Hz, 8.3 on average for an answer that comes at a random time) ' +
      'and Monaco’s rendering of the ghost',
  );
  row(
    'ghost painted beyond the first frame that began after its answer came',
    'beyondAnswerFrame',
    '0: the ghost showed in the first frame the browser could show the answer in',
  );
}
