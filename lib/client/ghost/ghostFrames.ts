// Ghosts are painted at most once per animation frame, however many tokens arrive: a turn that
// changed is marked dirty, and one frame callback paints every dirty turn through its painter (the
// editor's for a ghost edit on that file, the Fast lane panel's for an answer), then flushes each
// painter once so the frame shows them all.
import type { GhostTurn } from './ghostTurn';

export type GhostPainter = {
  paint(turn: GhostTurn): void;
  clear(requestId: string): void;
  /** Called once per frame after this painter's paints, to show them in this same frame. */
  flush?(): void;
};

export type FrameHooks = {
  /** False for a turn forgotten since it was marked. */
  live(turn: GhostTurn): boolean;
  /** False for an alternative that is not the one on screen: it is cleared, not painted. */
  shown(turn: GhostTurn): boolean;
  /** After a turn's paint; `redirectMeasured` when it was the first paint after a redirect. */
  painted(turn: GhostTurn, redirectMeasured: boolean): void;
  /** After every painter of the frame has flushed. */
  frameDone(): void;
};

export class GhostFrames {
  private readonly painters = new Map<string, GhostPainter>();
  /** Answers are painted in the Fast lane panel, never as a ghost diff in the editor. */
  private answerPainter: GhostPainter | null = null;
  private readonly dirty = new Set<GhostTurn>();
  private frame: number | null = null;

  constructor(
    private readonly hooks: FrameHooks,
    private readonly schedule: (cb: () => void) => number,
  ) {}

  /** The editor registers a painter per open document; its turns are painted again. */
  setPainter(path: string, painter: GhostPainter | null, turns: Iterable<GhostTurn>): void {
    if (painter) this.painters.set(path, painter);
    else this.painters.delete(path);
    if (painter) for (const t of turns) if (t.info.path === path) this.invalidate(t);
  }

  /** The Fast lane panel registers the painter of answer turns (all files). */
  setAnswerPainter(painter: GhostPainter | null, turns: Iterable<GhostTurn>): void {
    this.answerPainter = painter;
    if (painter) for (const t of turns) if (t.info.intent === 'answer') this.invalidate(t);
  }

  invalidate(turn: GhostTurn): void {
    this.dirty.add(turn);
    if (this.frame === null) this.frame = this.schedule(() => this.paint());
  }

  /** A turn that is gone: nothing more is painted for it, and its painting is cleared. */
  remove(turn: GhostTurn): void {
    this.dirty.delete(turn);
    this.painterOf(turn)?.clear(turn.info.requestId);
  }

  private paint(): void {
    this.frame = null;
    const now = performance.now();
    const used = new Set<GhostPainter>();
    for (const turn of this.dirty) {
      const painter = this.painterOf(turn);
      if (!painter || !this.hooks.live(turn)) continue;
      if (!this.hooks.shown(turn)) {
        painter.clear(turn.info.requestId);
        continue;
      }
      painter.paint(turn);
      used.add(painter);
      const redirectPainted = turn.timings.redirectFirstPaintAt !== undefined;
      turn.notePaint(now);
      this.hooks.painted(turn, !redirectPainted && turn.timings.redirectFirstPaintAt !== undefined);
    }
    this.dirty.clear();
    for (const painter of used) painter.flush?.();
    this.hooks.frameDone();
  }

  private painterOf(turn: GhostTurn): GhostPainter | undefined {
    return turn.info.intent === 'answer' ? (this.answerPainter ?? undefined) : this.painters.get(turn.info.path);
  }
}
