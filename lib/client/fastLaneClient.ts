// The browser side of the fast lane: sends requests, rebuilds every ghost on the open documents
// from the server's deltas (its own and collaborators'), paints at most once per animation frame
// through the registered painters, and applies an accepted ghost as one local, undoable edit.
import * as Y from 'yjs';
import { isResolved, type ClientMetrics, type FastTurnInfo, type GhostOutcome, type LineRange } from '../protocol';
import { acceptEdits, applyKeptHunks } from './ghost/acceptGhost';
import { GhostTurn } from './ghost/ghostTurn';
import { request, type ClientSocket } from './socket';
import { dropGhost, putGhost, useGhostStore, type TurnFigures } from './stores/ghostStore';
import { applyTextEdits } from './textEdits';

export type GhostPainter = {
  paint(turn: GhostTurn): void;
  clear(requestId: string): void;
  /** Called once per frame after this painter's paints, to show them in this same frame. */
  flush?(): void;
};
/** Runs `change` on a document's text as one local transaction (one undo step for this person). */
export type LocalEdit = (path: string, change: (text: Y.Text) => void) => boolean;

export class FastLaneClient {
  private readonly turns = new Map<string, GhostTurn>();
  private readonly painters = new Map<string, GhostPainter>();
  private readonly dirty = new Set<GhostTurn>();
  private frame: number | null = null;
  private readonly pendingSubmit = new Map<string, number>();

  constructor(
    private readonly socket: ClientSocket,
    private readonly localEdit: LocalEdit,
    private readonly schedule: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
  ) {
    socket.on('fast/started', (info) => this.onStarted(info));
    socket.on('fast/delta', (d) => {
      const turn = this.turns.get(d.requestId);
      if (turn?.applyDelta(d, performance.now())) this.invalidate(turn);
    });
    socket.on('fast/state', (e) => {
      const turn = this.turns.get(e.requestId);
      if (!turn) return;
      turn.serverMetrics = e.metrics;
      turn.redirects = e.redirects;
      if (isResolved(e.state)) {
        if (!turn.self) this.forget(turn);
        return;
      }
      if (turn.state === 'interrupted' && turn.self && e.state !== 'streaming') return;
      if (e.state === 'streaming') turn.resumeStream();
      turn.state = e.state;
      turn.message = e.message;
      this.invalidate(turn);
      this.summarize(turn);
    });
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
    return [...this.turns.values()].find((t) => t.self && t.info.path === path);
  }

  async start(path: string, range: LineRange, instruction: string, reason?: string): Promise<FastTurnInfo> {
    const previous = this.mine(path);
    if (previous) this.forget(previous);
    this.pendingSubmit.set(path, performance.now());
    const { turn } = await request(this.socket, 'fast/start', { path, range, instruction, ...(reason ? { reason } : {}) });
    return turn;
  }

  async interrupt(turn: GhostTurn): Promise<void> {
    if (turn.state !== 'streaming') return;
    turn.timings.interruptAt = performance.now();
    turn.state = 'interrupted';
    // Sent before the summary, which works out the stopped ghost's hunks (costly on a long range).
    const ack = request(this.socket, 'fast/interrupt', { requestId: turn.info.requestId, keptLength: turn.output.length });
    this.invalidate(turn);
    this.summarize(turn);
    const { metrics } = await ack;
    turn.timings.interruptAckAt = performance.now();
    turn.serverMetrics = { ...turn.serverMetrics, ...metrics };
    this.publishFigures(turn);
  }

  async redirect(turn: GhostTurn, instruction: string): Promise<void> {
    turn.markRedirect(performance.now());
    turn.state = 'streaming';
    this.summarize(turn);
    await request(this.socket, 'fast/redirect', { requestId: turn.info.requestId, instruction, keptLength: turn.output.length });
  }

  toggleHunk(turn: GhostTurn, index: number): void {
    if (turn.rejectedHunks.has(index)) turn.rejectedHunks.delete(index);
    else turn.rejectedHunks.add(index);
    this.invalidate(turn);
  }

  /** Applies the ghost (all hunks but the ones turned down) to the shared document. */
  accept(turn: GhostTurn): { conflicts: number } {
    if (turn.state === 'streaming') {
      turn.timings.interruptAt ??= performance.now();
      turn.state = 'interrupted';
    }
    const { hunks } = turn.lines();
    const result = applyKeptHunks(turn.info.original, hunks, turn.rejectedHunks);
    let conflicts = 0;
    const applied = this.localEdit(turn.info.path, (text) => {
      const doc = text.doc!;
      const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(turn.info.anchor.start), doc);
      const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(turn.info.anchor.end), doc);
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
    for (const key of ['submitToFirstPaintMs', 'deliveryToPaintMs', 'interruptToLastPaintMs', 'redirectToFirstPaintMs'] as const) {
      const v = figures[key];
      if (v !== undefined) clientMetrics[key] = Math.max(0, v);
    }
    void request(this.socket, 'fast/resolve', {
      requestId: turn.info.requestId,
      outcome,
      ...(acceptedHunks !== undefined ? { acceptedHunks, totalHunks } : {}),
      clientMetrics,
    }).catch(() => undefined);
    turn.state = outcome;
    this.forget(turn);
  }

  private onStarted(info: FastTurnInfo): void {
    const self = info.bySocket === this.socket.id;
    const turn = new GhostTurn(info, self);
    if (self) {
      turn.timings.submitAt = this.pendingSubmit.get(info.path);
      this.pendingSubmit.delete(info.path);
    }
    for (const t of this.turns.values()) if (t.info.path === info.path && t.info.by === info.by && t.info.bySocket === info.bySocket) this.forget(t);
    this.turns.set(info.requestId, turn);
    this.summarize(turn);
    this.invalidate(turn);
  }

  private forget(turn: GhostTurn): void {
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
  }

  private summarize(turn: GhostTurn): void {
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
      ...(t.submitAt !== undefined && t.firstPaintAt !== undefined ? { submitToFirstPaintMs: t.firstPaintAt - t.submitAt } : {}),
      ...(t.firstDeltaAt !== undefined && t.firstPaintAt !== undefined ? { deliveryToPaintMs: t.firstPaintAt - t.firstDeltaAt } : {}),
      ...(t.interruptAt !== undefined ? { interruptToLastPaintMs: Math.max(0, (t.lastPaintAt ?? t.interruptAt) - t.interruptAt) } : {}),
      ...(t.interruptAt !== undefined && t.interruptAckAt !== undefined ? { interruptRoundTripMs: t.interruptAckAt - t.interruptAt } : {}),
      ...(t.redirectAt !== undefined && t.redirectFirstPaintAt !== undefined ? { redirectToFirstPaintMs: t.redirectFirstPaintAt - t.redirectAt } : {}),
    };
    if (turn.self) useGhostStore.setState({ lastFigures: figures });
    return figures;
  }
}
