// The browser side of the fast lane: sends requests, folds the server's numbered events into every
// ghost on the open documents (its own and collaborators', with the same reducer the server uses),
// asks for a snapshot when it sees a gap, paints at most once per animation frame through the
// registered painters, and applies an accepted ghost as one local, undoable edit.
import type * as Y from 'yjs';
import {
  alternativeRequestId,
  isResolved,
  type FastTurnInfo,
  type FastTurnSnapshot,
  type GhostOutcome,
  type LineRange,
} from '../protocol';
import type { TurnEvent } from '../fastlane/turnModel';
import { applyKeptHunks, applyToRange } from './ghost/acceptGhost';
import { GhostTurn } from './ghost/ghostTurn';
import { newRequestId } from './requestId';
import { request, type ClientSocket } from './socket';
import { dropGhost, putGhost, useGhostStore, type TurnFigures } from './stores/ghostStore';
import { ShownAlternatives } from './ghost/shownAlternatives';
import { clientMetricsOf, turnFigures } from './ghost/turnFigures';
import { notify } from './stores/noticeStore';

export type GhostPainter = {
  paint(turn: GhostTurn): void;
  clear(requestId: string): void;
  /** Called once per frame after this painter's paints, to show them in this same frame. */
  flush?(): void;
};
/** Runs `change` on a document's text as one local transaction (one undo step for this person). */
export type LocalEdit = (path: string, change: (text: Y.Text) => void) => boolean;

/** How long a new turn's panels may wait for its first paint (see onStarted). */
const SUMMARY_GRACE_MS = 150;

export class FastLaneClient {
  private readonly turns = new Map<string, GhostTurn>();
  private readonly painters = new Map<string, GhostPainter>();
  /** Answers are painted in the Fast lane panel, never as a ghost diff in the editor. */
  private answerPainter: GhostPainter | null = null;
  private readonly dirty = new Set<GhostTurn>();
  private frame: number | null = null;
  /** When each of this person's requests was submitted, by the request id it chose. */
  private readonly submitted = new Map<string, number>();
  /** Turns waiting for a snapshot, with the events that arrived meanwhile (folded after it). */
  private readonly resyncing = new Map<string, TurnEvent[]>();
  /** Which of a person's alternatives the editor shows (and the keys act on). */
  private readonly alternatives = new ShownAlternatives();
  /** New turns whose panels are not updated yet (see onStarted). */
  private readonly pendingSummary = new Map<GhostTurn, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly socket: ClientSocket,
    private readonly localEdit: LocalEdit,
    private readonly schedule: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
  ) {
    socket.on('fast/started', (snapshot) => this.onStarted(snapshot));
    socket.on('fast/delta', (d) => this.fold(d.requestId, { kind: 'delta', ...d }));
    socket.on('fast/state', (e) => this.fold(e.requestId, { kind: 'state', ...e }));
  }

  /** The editor registers a painter per open document. */
  setPainter(path: string, painter: GhostPainter | null): void {
    if (painter) this.painters.set(path, painter);
    else this.painters.delete(path);
    if (painter) for (const t of this.turns.values()) if (t.info.path === path) this.invalidate(t);
  }

  /** The Fast lane panel registers the painter of answer turns (all files). */
  setAnswerPainter(painter: GhostPainter | null): void {
    this.answerPainter = painter;
    if (painter) for (const t of this.turns.values()) if (t.info.intent === 'answer') this.invalidate(t);
  }

  /** An answer the person has read: gone from this browser, and left `done` (or interrupted) on record. */
  dismiss(turn: GhostTurn): void {
    this.forget(turn);
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
    const group = turn.info.alternative?.group;
    if (!group) return [turn];
    return [...this.turns.values()]
      .filter((t) => t.info.alternative?.group === group && t.info.bySocket === turn.info.bySocket)
      .sort((a, b) => a.info.alternative!.index - b.info.alternative!.index);
  }

  /** Alt+] / Alt+[: shows the next (or previous) alternative of this person's ghost on a file. */
  flipAlternative(path: string, step: 1 | -1): void {
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

  /**
   * A new request id for a submit about to go out: the turn the server announces is known by it,
   * timed from now (with alternatives, each alternative's id too).
   */
  newRequest(alternatives = 1): string {
    const requestId = newRequestId();
    const at = performance.now();
    for (let i = 0; i < alternatives; i++) this.submitted.set(alternativeRequestId(requestId, i), at);
    return requestId;
  }

  /** A request that did not start a fast turn (refused, or routed elsewhere): stop waiting for it. */
  settleRequest(requestId: string, alternatives = 1): void {
    for (let i = 0; i < alternatives; i++) this.submitted.delete(alternativeRequestId(requestId, i));
  }

  async start(path: string, range: LineRange, instruction: string, reason?: string): Promise<FastTurnInfo> {
    const previous = this.mine(path);
    if (previous) this.forget(previous);
    const requestId = this.newRequest();
    try {
      const { turn } = await request(this.socket, 'fast/start', {
        requestId,
        path,
        range,
        instruction,
        ...(reason ? { reason } : {}),
      });
      return turn;
    } finally {
      this.settleRequest(requestId);
    }
  }

  async interrupt(turn: GhostTurn): Promise<void> {
    if (this.local(turn, { kind: 'stop' }) === 'none') return;
    // Sent before the summary, which works out the stopped ghost's hunks (costly on a long range).
    const ack = request(this.socket, 'fast/interrupt', {
      requestId: turn.info.requestId,
      keptLength: turn.output.length,
    });
    this.summarize(turn);
    const { metrics } = await ack;
    turn.timings.interruptAckAt = performance.now();
    turn.model = { ...turn.model, metrics: { ...turn.model.metrics, ...metrics } };
    this.publishFigures(turn);
  }

  async redirect(turn: GhostTurn, instruction: string): Promise<void> {
    this.local(turn, { kind: 'redirect', instruction });
    this.summarize(turn);
    try {
      await request(this.socket, 'fast/redirect', {
        requestId: turn.info.requestId,
        instruction,
        keptLength: turn.output.length,
      });
    } catch (err) {
      // The server did not take it: its copy of the turn is the truth again.
      this.resync(turn);
      throw err;
    }
  }

  toggleHunk(turn: GhostTurn, index: number): void {
    if (turn.rejectedHunks.has(index)) turn.rejectedHunks.delete(index);
    else turn.rejectedHunks.add(index);
    this.invalidate(turn);
  }

  /** Applies the ghost (all hunks but the ones turned down) to the shared document. */
  accept(turn: GhostTurn): { conflicts: number } {
    this.local(turn, { kind: 'stop' });
    const { hunks } = turn.lines();
    const result = applyKeptHunks(turn.info.original, hunks, turn.rejectedHunks);
    let conflicts = 0;
    const applied = this.localEdit(turn.info.path, (text) => {
      conflicts = applyToRange(text, turn.info, result);
    });
    if (!applied) throw new Error(`${turn.info.path} is not open in this browser`);
    // Picking one alternative discards the others.
    for (const other of this.groupOf(turn)) if (other !== turn) this.resolve(other, 'rejected');
    this.resolve(turn, 'accepted', hunks.length - turn.rejectedHunks.size, hunks.length);
    return { conflicts };
  }

  reject(turn: GhostTurn): void {
    this.resolve(turn, 'rejected');
  }

  /** The ghost went to the background lane as a run that has now started: clear it here. */
  handOff(turn: GhostTurn): void {
    this.resolve(turn, 'handed_off');
  }

  private resolve(turn: GhostTurn, outcome: GhostOutcome, acceptedHunks?: number, totalHunks?: number): void {
    const figures = this.publishFigures(turn);
    const clientMetrics = clientMetricsOf(figures);
    this.local(turn, { kind: 'resolve', outcome });
    this.forget(turn);
    request(this.socket, 'fast/resolve', {
      requestId: turn.info.requestId,
      outcome,
      ...(acceptedHunks !== undefined ? { acceptedHunks, totalHunks } : {}),
      clientMetrics,
    }).catch((err: Error) => {
      // The edit itself is done here (or gone); what failed is the server's record of it.
      notify('warning', `the server did not record that you ${outcome.replace('_', ' ')} the edit: ${err.message}`);
    });
  }

  /** Folds one of this person's own intents into a turn; returns what changed. */
  private local(turn: GhostTurn, event: TurnEvent): ReturnType<GhostTurn['apply']>['change'] {
    const { change } = turn.apply(event, performance.now());
    if (change !== 'none') this.invalidate(turn);
    return change;
  }

  private fold(requestId: string, event: TurnEvent): void {
    const turn = this.turns.get(requestId);
    if (!turn) return;
    const held = this.resyncing.get(requestId);
    if (held) return void held.push(event);
    const step = turn.apply(event, performance.now());
    if (step.gap) return this.resync(turn, event);
    if (step.change === 'none') return;
    if (isResolved(turn.state)) return this.forget(turn);
    this.invalidate(turn);
    if (step.change === 'state') this.summarize(turn);
  }

  /**
   * Events of a turn went missing: take the server's snapshot of it, then fold what arrived in the
   * meantime (an event may overtake the snapshot's answer; the reducer skips what it already has).
   */
  private resync(turn: GhostTurn, first?: TurnEvent): void {
    const { requestId, path } = turn.info;
    if (this.resyncing.has(requestId)) return;
    this.resyncing.set(requestId, first ? [first] : []);
    request(this.socket, 'fast/snapshot', { path, requestId })
      .then(({ turn: snapshot }) => {
        const held = this.resyncing.get(requestId) ?? [];
        this.resyncing.delete(requestId);
        const live = this.turns.get(requestId);
        if (!live) return;
        live.apply({ kind: 'sync', snapshot }, performance.now());
        this.invalidate(live);
        this.summarize(live);
        for (const event of held) this.fold(requestId, event);
        if (isResolved(live.state)) this.forget(live);
      })
      .catch((err: Error) => {
        this.resyncing.delete(requestId);
        notify('warning', `lost track of ${turn.self ? 'your' : `${turn.info.by}'s`} edit on ${path}: ${err.message}`);
        this.forget(turn);
      });
  }

  private onStarted(snapshot: FastTurnSnapshot): void {
    const { info } = snapshot;
    const self = info.bySocket === this.socket.id;
    if (this.turns.has(info.requestId)) return;
    const turn = new GhostTurn(snapshot, self);
    if (self) turn.timings.submitAt = this.submitted.get(info.requestId);
    this.submitted.delete(info.requestId);
    const group = info.alternative?.group;
    for (const t of this.turns.values())
      if (
        t.info.path === info.path &&
        t.info.bySocket === info.bySocket &&
        (!group || t.info.alternative?.group !== group)
      )
        this.forget(t);
    this.alternatives.added(info);
    this.turns.set(info.requestId, turn);
    // The panels (status, buttons, transcript) re-render for a new turn; on a page's first turn
    // that React work ran cold for tens of milliseconds, right when the first tokens arrive. The
    // ghost paints first: the summary follows its first paint, or a short while, whichever is first.
    this.pendingSummary.set(
      turn,
      setTimeout(() => this.summarize(turn), SUMMARY_GRACE_MS),
    );
    this.invalidate(turn);
  }

  private forget(turn: GhostTurn): void {
    clearTimeout(this.pendingSummary.get(turn));
    this.pendingSummary.delete(turn);
    this.turns.delete(turn.info.requestId);
    this.dirty.delete(turn);
    this.painterOf(turn)?.clear(turn.info.requestId);
    dropGhost(turn.info.requestId);
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

  private invalidate(turn: GhostTurn): void {
    this.dirty.add(turn);
    if (this.frame === null) this.frame = this.schedule(() => this.paint());
  }

  private paint(): void {
    this.frame = null;
    const now = performance.now();
    const used = new Set<GhostPainter>();
    for (const turn of this.dirty) {
      const painter = this.painterOf(turn);
      if (!painter || !this.turns.has(turn.info.requestId)) continue;
      // Of several alternatives, only the one shown is on screen; the others stream unseen.
      if (!this.alternatives.isShown(turn.info)) {
        painter.clear(turn.info.requestId);
        continue;
      }
      painter.paint(turn);
      used.add(painter);
      const redirectPainted = turn.timings.redirectFirstPaintAt !== undefined;
      turn.notePaint(now);
      // Figures go to React when a turn ends or a redirect's first paint is measured, not per frame.
      const redirectMeasured = !redirectPainted && turn.timings.redirectFirstPaintAt !== undefined;
      if (turn.self && (turn.state === 'done' || turn.state === 'error' || redirectMeasured)) this.publishFigures(turn);
    }
    this.dirty.clear();
    for (const painter of used) painter.flush?.();
    // After this frame is shown, not before: a new turn's panels (see onStarted).
    for (const [turn, timer] of this.pendingSummary) {
      if (turn.timings.firstPaintAt === undefined) continue;
      clearTimeout(timer);
      this.pendingSummary.set(
        turn,
        setTimeout(() => this.summarize(turn), 0),
      );
    }
  }

  private painterOf(turn: GhostTurn): GhostPainter | undefined {
    return turn.info.intent === 'answer' ? (this.answerPainter ?? undefined) : this.painters.get(turn.info.path);
  }

  private summarize(turn: GhostTurn): void {
    clearTimeout(this.pendingSummary.get(turn));
    this.pendingSummary.delete(turn);
    if (!this.turns.has(turn.info.requestId)) return;
    putGhost({
      requestId: turn.info.requestId,
      path: turn.info.path,
      by: turn.info.by,
      self: turn.self,
      state: turn.state,
      message: turn.message,
      instruction: turn.info.instruction,
      redirects: turn.redirects,
      intent: turn.info.intent,
      // An answer is words: there is no diff to count.
      hunks: turn.state === 'streaming' || turn.info.intent === 'answer' ? 0 : turn.lines().hunks.length,
      ...(turn.info.alternative
        ? {
            alternative: turn.info.alternative,
            shown: this.alternatives.isShown(turn.info),
            figures: { ttftMs: turn.serverMetrics.ttftMs, tokensPerSec: turn.serverMetrics.tokensPerSec },
          }
        : {}),
    });
  }

  private publishFigures(turn: GhostTurn): TurnFigures {
    const figures = turnFigures(turn);
    // The HUD follows the alternative on screen.
    if (turn.self && this.alternatives.isShown(turn.info)) useGhostStore.setState({ lastFigures: figures });
    return figures;
  }
}
