// The browser side of the fast lane: sends requests, folds the server's numbered events into every
// ghost on the open documents (its own and collaborators', with the same reducer the server uses),
// asks for a snapshot when it sees a gap, paints at most once per animation frame through the
// registered painters, and applies an accepted ghost as one local, undoable edit.
import * as Y from 'yjs';
import {
  isResolved,
  type ClientMetrics,
  type FastTurnInfo,
  type FastTurnSnapshot,
  type GhostOutcome,
  type LineRange,
} from '../protocol';
import type { TurnEvent } from '../fastlane/turnModel';
import { acceptEdits, applyKeptHunks } from './ghost/acceptGhost';
import { GhostTurn } from './ghost/ghostTurn';
import { newRequestId } from './requestId';
import { request, type ClientSocket } from './socket';
import { dropGhost, putGhost, useGhostStore, type TurnFigures } from './stores/ghostStore';
import { notify } from './stores/noticeStore';
import { applyTextEdits } from './textEdits';

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
  private readonly dirty = new Set<GhostTurn>();
  private frame: number | null = null;
  /** When each of this person's requests was submitted, by the request id it chose. */
  private readonly submitted = new Map<string, number>();
  /** Turns waiting for a snapshot, with the events that arrived meanwhile (folded after it). */
  private readonly resyncing = new Map<string, TurnEvent[]>();
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

  turn(requestId: string): GhostTurn | undefined {
    return this.turns.get(requestId);
  }

  /** This person's ghost on a file, if any. */
  mine(path: string): GhostTurn | undefined {
    for (const t of this.turns.values()) if (t.self && t.info.path === path) return t;
    return undefined;
  }

  /** A new request id for a submit about to go out: the turn the server announces is known by it, timed from now. */
  newRequest(): string {
    const requestId = newRequestId();
    this.submitted.set(requestId, performance.now());
    return requestId;
  }

  /** A request that did not start a fast turn (refused, or routed elsewhere): stop waiting for it. */
  settleRequest(requestId: string): void {
    this.submitted.delete(requestId);
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
      const doc = text.doc!;
      const start = Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(turn.info.anchor.start),
        doc,
      );
      const end = Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(turn.info.anchor.end),
        doc,
      );
      if (!start || !end || end.index < start.index) throw new Error('the code this edit was for no longer exists');
      const current = text.toString().slice(start.index, end.index);
      const merged = acceptEdits(turn.info.original, current, result);
      conflicts = merged.conflicts;
      applyTextEdits(text, merged.edits, start.index);
    });
    if (!applied) throw new Error(`${turn.info.path} is not open in this browser`);
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
    const clientMetrics: ClientMetrics = {};
    for (const key of [
      'submitToFirstPaintMs',
      'deliveryToPaintMs',
      'interruptToLastPaintMs',
      'escToUpstreamClosedMs',
      'redirectToFirstPaintMs',
    ] as const) {
      const v = figures[key];
      if (v !== undefined) clientMetrics[key] = Math.max(0, v);
    }
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
    for (const t of this.turns.values())
      if (t.info.path === info.path && t.info.bySocket === info.bySocket) this.forget(t);
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
    this.painters.get(turn.info.path)?.clear(turn.info.requestId);
    dropGhost(turn.info.requestId);
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
      const painter = this.painters.get(turn.info.path);
      if (!painter || !this.turns.has(turn.info.requestId)) continue;
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
      hunks: turn.state === 'streaming' ? 0 : turn.lines().hunks.length,
    });
  }

  private publishFigures(turn: GhostTurn): TurnFigures {
    const t = turn.timings;
    const figures: TurnFigures = {
      ...turn.serverMetrics,
      model: turn.info.model.model,
      simulated: turn.info.model.simulated,
      ...(t.submitAt !== undefined && t.firstPaintAt !== undefined
        ? { submitToFirstPaintMs: t.firstPaintAt - t.submitAt }
        : {}),
      ...(t.firstDeltaAt !== undefined && t.firstPaintAt !== undefined
        ? { deliveryToPaintMs: t.firstPaintAt - t.firstDeltaAt }
        : {}),
      ...(t.interruptAt !== undefined
        ? { interruptToLastPaintMs: Math.max(0, (t.lastPaintAt ?? t.interruptAt) - t.interruptAt) }
        : {}),
      ...(t.interruptAt !== undefined && t.interruptAckAt !== undefined
        ? { escToUpstreamClosedMs: t.interruptAckAt - t.interruptAt }
        : {}),
      ...(t.redirectAt !== undefined && t.redirectFirstPaintAt !== undefined
        ? { redirectToFirstPaintMs: t.redirectFirstPaintAt - t.redirectAt }
        : {}),
    };
    if (turn.self) useGhostStore.setState({ lastFigures: figures });
    return figures;
  }
}
