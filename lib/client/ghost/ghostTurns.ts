// The ghosts this browser follows (its own and collaborators'): the server's numbered events folded
// into each turn with the reducer the server uses, which alternative is on screen, a paint at most
// once per animation frame through the registered painters, and what the panels and the HUD are
// told (a turn's summary, the last turn's figures). Sending requests is FastLaneClient's part; a
// gap in the events is TurnCatchUp's. Built apart from the socket, so a page can run this code once
// on a throwaway turn before its first real one (prewarmTurnEvents.ts).
import { isResolved, type FastTurnSnapshot } from '../../protocol';
import type { TurnEvent } from '../../fastlane/turnModel';
import type { GhostSummary, TurnFigures } from '../stores/ghostStore';
import { DeferredSummaries } from './deferredSummaries';
import { GhostFrames, type GhostPainter } from './ghostFrames';
import { ghostSummary } from './ghostSummary';
import { GhostTurn } from './ghostTurn';
import { alternativeGroup, replacedBy, ShownAlternatives } from './shownAlternatives';
import { SubmitClock } from './submitClock';
import { turnFigures } from './turnFigures';

/** Where a turn's missed events are caught up (TurnCatchUp). */
export type CatchUpHooks = {
  /** An event arrived: true when it is held for a snapshot on its way. */
  hold(requestId: string, event: TurnEvent): boolean;
  heardFrom(requestId: string): void;
  resync(turn: GhostTurn, first?: TurnEvent): void;
  forget(requestId: string): void;
};

/** What the panels and the HUD are told (the ghost store). */
export type GhostOut = {
  put(summary: GhostSummary): void;
  drop(requestId: string): void;
  figures(figures: TurnFigures): void;
};

export class GhostTurns {
  private readonly turns = new Map<string, GhostTurn>();
  private readonly frames: GhostFrames;
  private readonly clock = new SubmitClock();
  /** Which of a person's alternatives the editor shows (and the keys act on). */
  private readonly alternatives = new ShownAlternatives();
  /** New turns whose panels wait for their first paint. */
  private readonly summaries = new DeferredSummaries((turn) => this.summarize(turn));

  constructor(
    private readonly deps: {
      /** This tab's client id (its own turns are `self`), null before the server said it. */
      self: () => string | null;
      catchUp: () => CatchUpHooks;
      out: GhostOut;
      schedule: (cb: () => void) => number;
    },
  ) {
    this.frames = new GhostFrames(
      {
        live: (turn) => this.turns.has(turn.info.requestId),
        shown: (turn) => this.alternatives.isShown(turn.info),
        // Figures go to React when a turn ends or a redirect's first paint is measured, not per frame.
        painted: (turn, redirectMeasured) => {
          if (turn.self && (turn.state === 'done' || turn.state === 'error' || redirectMeasured))
            this.publishFigures(turn);
        },
        frameDone: () => this.summaries.afterFrame(),
      },
      deps.schedule,
    );
  }

  setPainter(path: string, painter: GhostPainter | null): void {
    this.frames.setPainter(path, painter, this.turns.values());
  }

  setAnswerPainter(painter: GhostPainter | null): void {
    this.frames.setAnswerPainter(painter, this.turns.values());
  }

  all(): GhostTurn[] {
    return [...this.turns.values()];
  }

  turn(requestId: string): GhostTurn | undefined {
    return this.turns.get(requestId);
  }

  /** This person's ghost on a file (of several alternatives, the one shown), if any. */
  mine(path: string): GhostTurn | undefined {
    for (const t of this.turns.values())
      if (t.self && t.info.path === path && this.alternatives.isShown(t.info)) return t;
    return undefined;
  }

  /** The turn and, when it is one of several alternatives, the others of its group (by index). */
  groupOf(turn: GhostTurn): GhostTurn[] {
    return alternativeGroup(this.turns.values(), turn);
  }

  /** Shows the next (or previous) alternative of this person's ghost on a file. */
  flip(path: string, step: 1 | -1): void {
    const turn = this.mine(path);
    if (!turn) return;
    const group = this.groupOf(turn);
    const shown = this.alternatives.flip(
      group.map((t) => t.info),
      step,
    );
    if (shown === null) return;
    for (const t of group) {
      this.invalidate(t);
      this.summarize(t);
    }
    const now = this.turns.get(shown);
    if (now) this.publishFigures(now);
  }

  /** A new request id for a submit about to go out: the turn the server announces is known by it. */
  newRequest(alternatives = 1): string {
    return this.clock.newRequest(alternatives);
  }

  /** A request that did not start a fast turn: stop waiting for it. */
  settleRequest(requestId: string, alternatives = 1): void {
    this.clock.settle(requestId, alternatives);
  }

  /** The server announced a turn (`fast/started`). */
  started(snapshot: FastTurnSnapshot): void {
    const { info } = snapshot;
    const self = info.byClient === this.deps.self();
    if (this.turns.has(info.requestId)) return;
    const turn = new GhostTurn(snapshot, self);
    const submitAt = this.clock.take(info.requestId);
    if (self) turn.timings.submitAt = submitAt;
    for (const t of replacedBy(this.turns.values(), info)) this.forget(t);
    this.alternatives.added(info);
    this.turns.set(info.requestId, turn);
    this.deps.catchUp().heardFrom(info.requestId);
    this.summaries.defer(turn);
    this.invalidate(turn);
  }

  /** One of the server's events of a turn (`fast/delta`, `fast/state`). */
  fold(requestId: string, event: TurnEvent): void {
    const turn = this.turns.get(requestId);
    if (!turn) return;
    if (this.deps.catchUp().hold(requestId, event)) return;
    const step = turn.apply(event, performance.now());
    if (step.gap) return this.deps.catchUp().resync(turn, event);
    if (step.change === 'none') return;
    if (isResolved(turn.state)) return this.forget(turn);
    this.invalidate(turn);
    if (step.change === 'state') this.summarize(turn);
  }

  /** Folds one of this person's own intents into a turn; returns what changed. */
  local(turn: GhostTurn, event: TurnEvent): ReturnType<GhostTurn['apply']>['change'] {
    const { change } = turn.apply(event, performance.now());
    if (change !== 'none') this.invalidate(turn);
    return change;
  }

  /**
   * The server's snapshot of a turn whose events went missing, then what arrived in the meantime
   * (an event may overtake the snapshot's answer; the reducer skips what it already has).
   */
  caughtUp(requestId: string, snapshot: FastTurnSnapshot, held: TurnEvent[]): void {
    const live = this.turns.get(requestId);
    if (!live) return;
    live.apply({ kind: 'sync', snapshot }, performance.now());
    this.invalidate(live);
    this.summarize(live);
    for (const event of held) this.fold(requestId, event);
    if (isResolved(live.state)) this.forget(live);
  }

  forget(turn: GhostTurn): void {
    this.summaries.settle(turn);
    this.turns.delete(turn.info.requestId);
    this.deps.catchUp().forget(turn.info.requestId);
    this.frames.remove(turn);
    this.deps.out.drop(turn.info.requestId);
    const shown = this.alternatives.removed(
      turn.info,
      [...this.turns.values()].map((t) => t.info),
    );
    const next = shown === null ? undefined : this.turns.get(shown);
    if (next) {
      this.invalidate(next);
      this.summarize(next);
    }
  }

  invalidate(turn: GhostTurn): void {
    this.frames.invalidate(turn);
  }

  summarize(turn: GhostTurn): void {
    this.summaries.settle(turn);
    if (!this.turns.has(turn.info.requestId)) return;
    this.deps.out.put(ghostSummary(turn, this.alternatives.isShown(turn.info)));
  }

  publishFigures(turn: GhostTurn): TurnFigures {
    const figures = turnFigures(turn);
    // The HUD follows the alternative on screen.
    if (turn.self && this.alternatives.isShown(turn.info)) this.deps.out.figures(figures);
    return figures;
  }
}
