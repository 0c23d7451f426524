// One ghost edit as a browser holds it: the shared turn model (lib/fastlane/turnModel: the same
// reducer the server folds its events with), a streaming diff fed once per frame from what the
// model's steps appended, and the moments the person's latency figures are measured from.
// Not React state: it changes per token.
import type { FastTurnInfo, FastTurnSnapshot, GhostState, ServerTurnMetrics } from '../../protocol';
import { exactLineDiff } from '../../diff/lineDiff';
import type { DiffOp } from '../../diff/ops';
import { StreamingDiff } from '../../diff/streamingDiff';
import { fromSnapshot, reduceTurn, type TurnEvent, type TurnModel, type TurnStep } from '../../fastlane/turnModel';
import { GhostLineFold, ghostLines, type GhostLines } from './ghostLines';
import { partialRewrite } from './partialRewrite';

export type GhostTimings = {
  submitAt?: number;
  firstDeltaAt?: number;
  firstPaintAt?: number;
  interruptAt?: number;
  interruptAckAt?: number;
  lastPaintAt?: number;
  redirectAt?: number;
  redirectFirstPaintAt?: number;
};

/** What a stopped ghost proposes, worked out once for the output it stopped with. */
type Settled = { output: string; whole: boolean; text: string; lines?: GhostLines };

export class GhostTurn {
  model: TurnModel;
  readonly timings: GhostTimings = {};
  /** Output received but not yet fed to the diff. */
  private unpainted = '';
  private diff: StreamingDiff;
  /** The diff's committed ops, folded into lines once each (they never change once committed). */
  private committedLines = new GhostLineFold();
  private committedFolded = 0;
  private settled: Settled | null = null;
  private awaitingRedirectPaint = false;
  private redirectDeltaSeen = false;
  /** Hunks (by index in the final hunks) the person turned down before accepting the rest. */
  readonly rejectedHunks = new Set<number>();

  constructor(
    start: FastTurnSnapshot,
    readonly self: boolean,
  ) {
    this.model = fromSnapshot(start);
    this.diff = new StreamingDiff(start.info.original);
    this.unpainted = start.output;
  }

  get info(): FastTurnInfo {
    return this.model.info;
  }
  get state(): GhostState {
    return this.model.state;
  }
  get output(): string {
    return this.model.output;
  }
  get message(): string | undefined {
    return this.model.message;
  }
  get redirects(): string[] {
    return this.model.redirects;
  }
  get serverMetrics(): ServerTurnMetrics {
    return this.model.metrics;
  }

  /** Folds an event (the server's, or this person's own intent) into the turn. */
  apply(event: TurnEvent, now: number): TurnStep {
    const result = reduceTurn(this.model, event);
    this.model = result.turn;
    if (result.change === 'append' || result.change === 'rewind') {
      this.timings.firstDeltaAt ??= now;
      if (this.awaitingRedirectPaint) this.redirectDeltaSeen = true;
    }
    if (result.change === 'append') this.unpainted += result.appended;
    else if (result.change === 'rewind') this.restartDiff();
    if (event.kind === 'stop') this.timings.interruptAt ??= now;
    if (event.kind === 'redirect' && result.change !== 'none') this.markRedirect(now);
    return result;
  }

  private markRedirect(now: number): void {
    this.timings.redirectAt = now;
    this.timings.redirectFirstPaintAt = undefined;
    this.awaitingRedirectPaint = true;
    this.redirectDeltaSeen = false;
  }

  private restartDiff(): void {
    this.diff = new StreamingDiff(this.info.original);
    this.committedLines = new GhostLineFold();
    this.committedFolded = 0;
    this.unpainted = this.output;
  }

  /**
   * What to paint now: the stream's current line hunks (only the ops committed since the last
   * call and the tentative rest are folded), or the exact ones once it stopped.
   */
  lines(): GhostLines {
    if (this.state !== 'streaming') {
      const settled = this.settle();
      settled.lines ??= ghostLines(this.finalOps(), false);
      return settled.lines;
    }
    if (this.unpainted) {
      this.diff.push(this.unpainted);
      this.unpainted = '';
    }
    const view = this.diff.view();
    this.committedLines.add(view.committed, this.committedFolded);
    this.committedFolded = view.committed.length;
    const lines = this.committedLines.copy();
    lines.add(view.tentative);
    return lines.result(true);
  }

  /** The text the ghost proposes for the range: all of it when done, else the streamed part. */
  resultText(): string {
    return this.settle().text;
  }

  finalOps(): DiffOp[] {
    return exactLineDiff(this.info.original, this.resultText());
  }

  notePaint(now: number): void {
    if (this.timings.firstPaintAt === undefined && this.output) this.timings.firstPaintAt = now;
    if (this.awaitingRedirectPaint && this.redirectDeltaSeen) {
      this.timings.redirectFirstPaintAt = now;
      this.awaitingRedirectPaint = false;
    }
    this.timings.lastPaintAt = now;
  }

  /**
   * The proposal for the output and state as they are, kept until either changes: a partial one
   * diffs the whole output afresh, too slow to redo for every paint, summary and accept.
   */
  private settle(): Settled {
    const whole = this.state === 'done' || this.state === 'accepted';
    if (this.settled?.output !== this.output || this.settled.whole !== whole) {
      this.settled = { output: this.output, whole, text: whole ? this.output : this.partialText() };
    }
    return this.settled;
  }

  private partialText(): string {
    const partial = new StreamingDiff(this.info.original);
    partial.push(this.output);
    return partialRewrite(this.info.original, this.output, partial.view().reachedOriginal);
  }
}
