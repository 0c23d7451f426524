// One ghost edit as a browser holds it: the turn's info, the output so far (rebuilt from
// `fast/delta`s, which append or rewind), a streaming diff fed once per frame, and the moments
// the person's latency figures are measured from. Not React state: it changes per token.
import type { FastDelta, FastTurnInfo, GhostState, ServerTurnMetrics } from '../../protocol';
import { exactLineDiff } from '../../diff/lineDiff';
import type { DiffOp } from '../../diff/ops';
import { StreamingDiff } from '../../diff/streamingDiff';
import { ghostLines, type GhostLines } from './ghostLines';
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

export class GhostTurn {
  output = '';
  state: GhostState = 'streaming';
  message: string | undefined;
  serverMetrics: ServerTurnMetrics = {};
  redirects: string[] = [];
  readonly timings: GhostTimings = {};
  /** Deltas received but not yet painted. */
  private unpainted = '';
  private diff: StreamingDiff;
  private awaitingRedirectPaint = false;
  private redirectDeltaSeen = false;
  /** After a redirect, deltas of the old generation still in flight are not applied. */
  private awaitingGeneration = false;
  /** Hunks (by index in the final hunks) the person turned down before accepting the rest. */
  readonly rejectedHunks = new Set<number>();

  constructor(
    readonly info: FastTurnInfo,
    readonly self: boolean,
  ) {
    this.diff = new StreamingDiff(info.original);
  }

  /** Applies a delta; false once the ghost no longer takes any (interrupted or resolved here). */
  applyDelta(d: FastDelta, now: number): boolean {
    if (this.state !== 'streaming' || this.awaitingGeneration) return false;
    this.timings.firstDeltaAt ??= now;
    if (this.awaitingRedirectPaint) this.redirectDeltaSeen = true;
    if (d.from === this.output.length) {
      this.output += d.text;
      this.unpainted += d.text;
    } else {
      this.output = this.output.slice(0, d.from) + d.text;
      this.diff = new StreamingDiff(this.info.original);
      this.unpainted = this.output;
    }
    return true;
  }

  markRedirect(now: number): void {
    this.timings.redirectAt = now;
    this.timings.redirectFirstPaintAt = undefined;
    this.awaitingRedirectPaint = true;
    this.redirectDeltaSeen = false;
    this.awaitingGeneration = true;
  }

  /** The server announced the redirected generation: the deltas that follow belong to it. */
  resumeStream(): void {
    this.awaitingGeneration = false;
  }

  /** What to paint now: the stream's current line hunks, or the exact ones once it stopped. */
  lines(): GhostLines {
    if (this.state === 'streaming') {
      if (this.unpainted) {
        this.diff.push(this.unpainted);
        this.unpainted = '';
      }
      const view = this.diff.view();
      return ghostLines([...view.committed, ...view.tentative], true);
    }
    return ghostLines(this.finalOps(), false);
  }

  /** The text the ghost proposes for the range: all of it when done, else the streamed part. */
  resultText(): string {
    if (this.state === 'done' || this.state === 'accepted') return this.output;
    const partial = new StreamingDiff(this.info.original);
    partial.push(this.output);
    return partialRewrite(this.info.original, this.output, partial.view().reachedOriginal);
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
}
