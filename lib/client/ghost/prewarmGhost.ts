// Why: the first ghost after a page load painted 60–130 ms later than the next ones (issue 16).
// Its first frame ran cold: the streaming diff, the line fold and the painter compiled on first
// use, Monaco laid out its first view zones and whole-line decorations, the browser matched the
// ghost's style rules and shaped the label's text (its ✦ comes from a fallback font) for the first
// time. When the editor first shows a file, this paints one ghost of every kind (label, deleted
// line, inserted line, pending range) through the real painter, forces its layout, and removes it
// in the same task — no frame sees it — so the person's first turn finds that work done; then the
// same ghost stopped, as Esc leaves it, so the first stop is not cold either. A three-line ghost
// runs the diff and fold code too few times for the JavaScript engine to optimise it (a first
// turn's paints showed its tier-up interrupts, V8.BytecodeBudgetInterrupt), so the same code is
// first run off screen over a range and a stream the size of a real turn's. The throwaway ghost is
// painted the way a turn's first frame is (submit clock, shown alternatives, frame scheduler,
// deferred panels, React summary) on throwaway instances of those classes: a coverage run showed
// that code running for the first time between the first Enter and its first paint, and so did
// the client's event handlers, which prewarmTurnEvents.ts runs once on a throwaway turn.
// The editor's own rendering of a ghost over the whole screen (a pending range on every visible
// line, deleted lines and inserted zones over half of it) is run the same way, a few rounds at
// idle: a traced first turn spent 1.5-2× the CPU of a warm one in its ghost frames (Monaco laying
// out and rendering its lines and overlays), code the three-line ghost runs too few times to optimise.
// On a busy machine an idle moment may come only seconds later, and the first one after Enter is
// the wait for the server's answer: each step has a deadline (it runs within IDLE_TIMEOUT_MS even
// on a page that is never idle), and a request going out drops the steps not run yet
// (stopPrewarm), so no warm-up lands inside the turn it was meant to speed up.
import type * as Monaco from 'monaco-editor';
import * as Y from 'yjs';
import type { FastTurnInfo } from '../../protocol';
import { DeferredSummaries } from './deferredSummaries';
import { GhostFrames } from './ghostFrames';
import { ghostSummary } from './ghostSummary';
import { GhostTurn } from './ghostTurn';
import type { MonacoGhostPainter } from './monacoGhostPainter';
import { prewarmTurnEvents } from './prewarmTurnEvents';
import { ShownAlternatives } from './shownAlternatives';
import { SubmitClock } from './submitClock';

let warmed = false;
/** Warm-up steps waiting for an idle moment, each with its deadline. */
const pending = new Set<() => void>();
/** A step runs in the browser's next idle moment, or after this long at the latest. */
const IDLE_TIMEOUT_MS = 300;

/** Once per page, when the browser is idle: a throwaway ghost over the first lines of `model`. */
export function prewarmGhostOnIdle(
  editor: Monaco.editor.ICodeEditor,
  painter: MonacoGhostPainter,
  text: Y.Text,
  path: string,
): void {
  if (warmed) return;
  warmed = true;
  const shown = editor.getModel();
  const run = () => {
    const model = editor.getModel();
    // Another file shown meanwhile (this painter is gone), or too short a file: the next one warms.
    if (!model || model !== shown || !text.doc || model.getLineCount() < 3) return void (warmed = false);
    paintAndRemove(editor, painter, text, path, model);
    const info = ghostInfo(path, text, model);
    onIdle(() => prewarmTurnEvents(info, `/** ✦ */\n${info.original}\n`));
    // One round per idle period: the first, cold, takes tens of milliseconds; each later one less.
    for (let round = 0; round < WARM_ROUNDS; round++) {
      onIdle(() => warmTurnCode(info));
      onIdle(() => {
        if (editor.getModel() === model && text.doc) paintScreenAndRemove(editor, painter, text, path, model);
      });
    }
  };
  onIdle(run);
}

/** A request is going out: the warm-up steps not run yet are dropped (the turn warms that code itself). */
export function stopPrewarm(): void {
  for (const cancel of pending) cancel();
  pending.clear();
}

function onIdle(run: () => void): void {
  const step = () => {
    pending.delete(cancel);
    run();
  };
  let cancel: () => void;
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(step, { timeout: IDLE_TIMEOUT_MS });
    cancel = () => cancelIdleCallback(handle);
  } else {
    const handle = setTimeout(step, IDLE_TIMEOUT_MS);
    cancel = () => clearTimeout(handle);
  }
  pending.add(cancel);
}

/** Lines of a range the size of a typical turn's, and a rewrite of it streamed in small chunks. */
const WARM_LINES = 80;
const WARM_CHUNK_CHARS = 24;
const WARM_ROUNDS = 3;

/**
 * Streams a rewrite of a synthetic range through a turn (model, streaming diff, line fold), asking
 * for its lines after every chunk as each frame does, then stops it: pure work, nothing painted.
 */
function warmTurnCode(base: FastTurnInfo): void {
  const lines = Array.from({ length: WARM_LINES }, (_, i) => `  const value${i} = compute(${i}, total) + offset;`);
  const original = lines.join('\n');
  const rewrite = lines.map((l, i) => (i % 3 === 0 ? l.replace('total', 'sum') : l)).join('\n');
  const info = { ...base, range: { startLine: 1, endLine: WARM_LINES }, original };
  const turn = new GhostTurn({ info, state: 'streaming', output: '', redirects: [], metrics: {}, seq: 0 }, true);
  let seq = 0;
  for (let from = 0; from < rewrite.length; from += WARM_CHUNK_CHARS) {
    const chunk = rewrite.slice(from, from + WARM_CHUNK_CHARS);
    turn.apply({ kind: 'delta', requestId: info.requestId, from, text: chunk, seq: ++seq }, 0);
    turn.lines();
  }
  turn.apply({ kind: 'stop' }, 0);
  turn.lines();
}

function ghostInfo(path: string, text: Y.Text, model: Monaco.editor.ITextModel, lines = 3): FastTurnInfo {
  const original = model.getValueInRange({
    startLineNumber: 1,
    startColumn: 1,
    endLineNumber: lines,
    endColumn: model.getLineMaxColumn(lines),
  });
  return {
    requestId: 'tandem-prewarm',
    path,
    by: 'prewarm',
    byClient: '',
    instruction: 'prewarm',
    range: { startLine: 1, endLine: lines },
    original,
    anchor: {
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0)),
      end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, original.length)),
    },
    model: { lane: 'fast', model: 'prewarm', host: '', simulated: true },
    lane: 'fast',
    intent: 'edit',
    reason: '',
  };
}

function paintAndRemove(
  editor: Monaco.editor.ICodeEditor,
  painter: MonacoGhostPainter,
  text: Y.Text,
  path: string,
  model: Monaco.editor.ITextModel,
): void {
  const info = ghostInfo(path, text, model);
  const [first, ...rest] = info.original.split('\n');
  // A new first line (an inserted zone and a deleted line), the second reached, the third pending.
  const output = `/** ✦ */ ${first}x\n${rest[0]}\n`;
  paintThenClear(
    painter,
    new GhostTurn({ info, state: 'streaming', output, redirects: [], metrics: {}, seq: 0 }, true),
    (turn) => {
      paintFirstFrame(painter, turn);
      editor.getDomNode()?.querySelector('.tandem-ghost-label')?.getBoundingClientRect();
      // And stopped (Esc): the exact diff of what a partial ghost proposes runs through other code.
      turn.apply({ kind: 'stop' }, performance.now());
      painter.paint(turn);
      painter.flush();
      ghostSummary(turn, true);
    },
  );
}

/**
 * A throwaway ghost from the first line to the last one on screen, streamed halfway (every other
 * line of that half rewritten, the rest pending), painted and rendered, then removed and rendered
 * again, in one task: the editor's work for a ghost the size of the screen, which no frame shows.
 */
function paintScreenAndRemove(
  editor: Monaco.editor.ICodeEditor,
  painter: MonacoGhostPainter,
  text: Y.Text,
  path: string,
  model: Monaco.editor.ITextModel,
): void {
  const last = Math.min(model.getLineCount(), Math.max(3, ...editor.getVisibleRanges().map((r) => r.endLineNumber)));
  const info = { ...ghostInfo(path, text, model, last), requestId: 'tandem-prewarm-screen' };
  const lines = info.original.split('\n');
  const half = lines.slice(0, Math.ceil(lines.length / 2)).map((l, i) => (i % 2 === 0 ? `${l} ✦` : l));
  const output = `${half.join('\n')}\n`;
  paintThenClear(
    painter,
    new GhostTurn({ info, state: 'streaming', output, redirects: [], metrics: {}, seq: 0 }, true),
    (turn) => {
      painter.paint(turn);
      painter.flush();
    },
  );
}

/** Paints a throwaway turn through `paint`, then removes it, in the same task: no frame shows it. */
function paintThenClear(painter: MonacoGhostPainter, turn: GhostTurn, paint: (turn: GhostTurn) => void): void {
  try {
    paint(turn);
  } finally {
    painter.clear(turn.info.requestId);
    painter.flush();
  }
}

/** The path of a turn's first frame in FastLaneClient, on throwaway instances, with the real painter. */
function paintFirstFrame(painter: MonacoGhostPainter, turn: GhostTurn): void {
  const clock = new SubmitClock();
  const requestId = clock.newRequest();
  turn.timings.submitAt = clock.take(requestId);
  clock.settle(requestId);
  const alternatives = new ShownAlternatives();
  alternatives.added(turn.info);
  const summaries = new DeferredSummaries(() => undefined);
  const frame: (() => void)[] = [];
  const frames = new GhostFrames(
    {
      live: () => true,
      shown: (t) => alternatives.isShown(t.info),
      painted: () => undefined,
      frameDone: () => summaries.afterFrame(),
    },
    (paint) => frame.push(paint),
  );
  frames.setPainter(turn.info.path, painter, []);
  summaries.defer(turn);
  frames.invalidate(turn);
  for (const paint of frame) paint();
  summaries.settle(turn);
  ghostSummary(turn, true);
}
