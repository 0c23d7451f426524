// The browser side of the fast lane: sends a person's requests (start, interrupt, redirect, accept,
// reject, hand off) and applies an accepted ghost as one local, undoable edit. The server's events
// go to GhostTurns (folded into every ghost on the open documents, painted once per frame, told to
// the panels); a gap in them, a reconnect or a quiet stream to TurnCatchUp, which asks for a
// snapshot. Its own turns are those of this tab's client id, across reconnects.
import type * as Y from 'yjs';
import type { FastTurnInfo, GhostOutcome, LineRange } from '../protocol';
import { applyKeptHunks, applyToRange } from './ghost/acceptGhost';
import type { GhostPainter } from './ghost/ghostFrames';
import type { GhostTurn } from './ghost/ghostTurn';
import { GhostTurns } from './ghost/ghostTurns';
import { stopPrewarm } from './ghost/prewarmGhost';
import { TurnCatchUp } from './ghost/turnCatchUp';
import { clientMetricsOf } from './ghost/turnFigures';
import { clientIdOf } from './clientId';
import { request, type ClientSocket } from './socket';
import { dropGhost, putGhost, useGhostStore } from './stores/ghostStore';
import { notify } from './stores/noticeStore';

/** Runs `change` on a document's text as one local transaction (one undo step for this person). */
export type LocalEdit = (path: string, change: (text: Y.Text) => void) => boolean;

export class FastLaneClient {
  private readonly ghosts: GhostTurns;
  /** Missed events, reconnects and quiet streams: WorkspaceSession tells it a reopened document. */
  readonly catchUp: TurnCatchUp;

  constructor(
    private readonly socket: ClientSocket,
    private readonly localEdit: LocalEdit,
    schedule: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
  ) {
    this.ghosts = new GhostTurns({
      self: () => clientIdOf(socket),
      catchUp: () => this.catchUp,
      out: {
        put: putGhost,
        drop: dropGhost,
        figures: (lastFigures) => useGhostStore.setState({ lastFigures }),
      },
      schedule,
    });
    this.catchUp = new TurnCatchUp({
      socket,
      turns: () => this.ghosts.all(),
      caughtUp: (requestId, snapshot, held) => this.ghosts.caughtUp(requestId, snapshot, held),
      lost: (turn) => this.ghosts.forget(turn),
    });
    socket.on('fast/started', (snapshot) => this.ghosts.started(snapshot));
    socket.on('fast/delta', (d) => this.ghosts.fold(d.requestId, { kind: 'delta', ...d }));
    socket.on('fast/state', (e) => this.ghosts.fold(e.requestId, { kind: 'state', ...e }));
  }

  /** The editor registers a painter per open document. */
  setPainter(path: string, painter: GhostPainter | null): void {
    this.ghosts.setPainter(path, painter);
  }

  /** The Fast lane panel registers the painter of answer turns (all files). */
  setAnswerPainter(painter: GhostPainter | null): void {
    this.ghosts.setAnswerPainter(painter);
  }

  /** An answer the person has read: gone from this browser, and left `done` (or interrupted) on record. */
  dismiss(turn: GhostTurn): void {
    this.ghosts.forget(turn);
  }

  turn(requestId: string): GhostTurn | undefined {
    return this.ghosts.turn(requestId);
  }

  /** This person's ghost on a file (of several alternatives, the one shown), if any. */
  mine(path: string): GhostTurn | undefined {
    return this.ghosts.mine(path);
  }

  /** The turn and, when it is one of several alternatives, the others of its group (by index). */
  groupOf(turn: GhostTurn): GhostTurn[] {
    return this.ghosts.groupOf(turn);
  }

  /** Alt+] / Alt+[: shows the next (or previous) alternative of this person's ghost on a file. */
  flipAlternative(path: string, step: 1 | -1): void {
    this.ghosts.flip(path, step);
  }

  /** A new request id for a submit about to go out: the turn the server announces is known by it. */
  newRequest(alternatives = 1): string {
    // A warm-up still waiting for an idle moment would find one while this request is in flight.
    stopPrewarm();
    return this.ghosts.newRequest(alternatives);
  }

  /** A request that did not start a fast turn (refused, or routed elsewhere): stop waiting for it. */
  settleRequest(requestId: string, alternatives = 1): void {
    this.ghosts.settleRequest(requestId, alternatives);
  }

  async start(path: string, range: LineRange, instruction: string, reason?: string): Promise<FastTurnInfo> {
    const previous = this.mine(path);
    if (previous) this.ghosts.forget(previous);
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
    if (this.ghosts.local(turn, { kind: 'stop' }) === 'none') return;
    // Sent before the summary, which works out the stopped ghost's hunks (costly on a long range).
    const ack = request(this.socket, 'fast/interrupt', {
      requestId: turn.info.requestId,
      keptLength: turn.output.length,
    });
    this.ghosts.summarize(turn);
    const { metrics } = await ack;
    turn.timings.interruptAckAt = performance.now();
    turn.model = { ...turn.model, metrics: { ...turn.model.metrics, ...metrics } };
    this.ghosts.publishFigures(turn);
  }

  async redirect(turn: GhostTurn, instruction: string): Promise<void> {
    this.ghosts.local(turn, { kind: 'redirect', instruction });
    this.ghosts.summarize(turn);
    try {
      await request(this.socket, 'fast/redirect', {
        requestId: turn.info.requestId,
        instruction,
        keptLength: turn.output.length,
      });
    } catch (err) {
      // The server did not take it: its copy of the turn is the truth again.
      this.catchUp.resync(turn);
      throw err;
    }
  }

  toggleHunk(turn: GhostTurn, index: number): void {
    if (turn.rejectedHunks.has(index)) turn.rejectedHunks.delete(index);
    else turn.rejectedHunks.add(index);
    this.ghosts.invalidate(turn);
  }

  /** Applies the ghost (all hunks but the ones turned down) to the shared document. */
  accept(turn: GhostTurn): { conflicts: number } {
    this.ghosts.local(turn, { kind: 'stop' });
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
    const figures = this.ghosts.publishFigures(turn);
    const clientMetrics = clientMetricsOf(figures);
    this.ghosts.local(turn, { kind: 'resolve', outcome });
    this.ghosts.forget(turn);
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
}
