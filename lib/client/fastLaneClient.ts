// The browser side of the fast lane: sends requests, folds the server's numbered events into every
// ghost on the open documents (its own and collaborators', with the same reducer the server uses),
// asks for a snapshot when it sees a gap, after a reconnect or when a stream goes quiet, paints at
// most once per animation frame through the registered painters, and applies an accepted ghost as
// one local, undoable edit. Its own turns are those of this tab's client id, across reconnects.
import type * as Y from 'yjs';
import { isResolved, type FastTurnInfo, type FastTurnSnapshot, type GhostOutcome, type LineRange } from '../protocol';
import type { TurnEvent } from '../fastlane/turnModel';
import { applyKeptHunks, applyToRange } from './ghost/acceptGhost';
import { GhostTurn } from './ghost/ghostTurn';
import { request, type ClientSocket } from './socket';
import { dropGhost, putGhost, useGhostStore, type TurnFigures } from './stores/ghostStore';
import { GhostFrames, type GhostPainter } from './ghost/ghostFrames';
import { DeferredSummaries } from './ghost/deferredSummaries';
import { ghostSummary } from './ghost/ghostSummary';
import { alternativeGroup, replacedBy, ShownAlternatives } from './ghost/shownAlternatives';
import { SubmitClock } from './ghost/submitClock';
import { TurnCatchUp } from './ghost/turnCatchUp';
import { clientIdOf } from './clientId';
import { clientMetricsOf, turnFigures } from './ghost/turnFigures';
import { notify } from './stores/noticeStore';

/** Runs `change` on a document's text as one local transaction (one undo step for this person). */
export type LocalEdit = (path: string, change: (text: Y.Text) => void) => boolean;

export class FastLaneClient {
  private readonly turns = new Map<string, GhostTurn>();
  private readonly frames: GhostFrames;
  private readonly clock = new SubmitClock();
  /** Which of a person's alternatives the editor shows (and the keys act on). */
  private readonly alternatives = new ShownAlternatives();
  /** New turns whose panels wait for their first paint. */
  private readonly summaries = new DeferredSummaries((turn) => this.summarize(turn));
  /** Missed events, reconnects and quiet streams: WorkspaceSession tells it a reopened document. */
  readonly catchUp: TurnCatchUp;

  constructor(
    private readonly socket: ClientSocket,
    private readonly localEdit: LocalEdit,
    schedule: (cb: () => void) => number = (cb) => requestAnimationFrame(cb),
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
      schedule,
    );
    this.catchUp = new TurnCatchUp({
      socket,
      turns: () => [...this.turns.values()],
      caughtUp: (requestId, snapshot, held) => this.caughtUp(requestId, snapshot, held),
      lost: (turn) => this.forget(turn),
    });
    socket.on('fast/started', (snapshot) => this.onStarted(snapshot));
    socket.on('fast/delta', (d) => this.fold(d.requestId, { kind: 'delta', ...d }));
    socket.on('fast/state', (e) => this.fold(e.requestId, { kind: 'state', ...e }));
  }

  /** The editor registers a painter per open document. */
  setPainter(path: string, painter: GhostPainter | null): void {
    this.frames.setPainter(path, painter, this.turns.values());
  }

  /** The Fast lane panel registers the painter of answer turns (all files). */
  setAnswerPainter(painter: GhostPainter | null): void {
    this.frames.setAnswerPainter(painter, this.turns.values());
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
    return alternativeGroup(this.turns.values(), turn);
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

  /** A new request id for a submit about to go out: the turn the server announces is known by it. */
  newRequest(alternatives = 1): string {
    return this.clock.newRequest(alternatives);
  }

  /** A request that did not start a fast turn (refused, or routed elsewhere): stop waiting for it. */
  settleRequest(requestId: string, alternatives = 1): void {
    this.clock.settle(requestId, alternatives);
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
      this.catchUp.resync(turn);
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
    if (this.catchUp.hold(requestId, event)) return;
    const step = turn.apply(event, performance.now());
    if (step.gap) return this.catchUp.resync(turn, event);
    if (step.change === 'none') return;
    if (isResolved(turn.state)) return this.forget(turn);
    this.invalidate(turn);
    if (step.change === 'state') this.summarize(turn);
  }

  /**
   * The server's snapshot of a turn whose events went missing, then what arrived in the meantime
   * (an event may overtake the snapshot's answer; the reducer skips what it already has).
   */
  private caughtUp(requestId: string, snapshot: FastTurnSnapshot, held: TurnEvent[]): void {
    const live = this.turns.get(requestId);
    if (!live) return;
    live.apply({ kind: 'sync', snapshot }, performance.now());
    this.invalidate(live);
    this.summarize(live);
    for (const event of held) this.fold(requestId, event);
    if (isResolved(live.state)) this.forget(live);
  }

  private onStarted(snapshot: FastTurnSnapshot): void {
    const { info } = snapshot;
    const self = info.byClient === clientIdOf(this.socket);
    if (this.turns.has(info.requestId)) return;
    const turn = new GhostTurn(snapshot, self);
    const submitAt = this.clock.take(info.requestId);
    if (self) turn.timings.submitAt = submitAt;
    for (const t of replacedBy(this.turns.values(), info)) this.forget(t);
    this.alternatives.added(info);
    this.turns.set(info.requestId, turn);
    this.catchUp.heardFrom(info.requestId);
    this.summaries.defer(turn);
    this.invalidate(turn);
  }

  private forget(turn: GhostTurn): void {
    this.summaries.settle(turn);
    this.turns.delete(turn.info.requestId);
    this.catchUp.forget(turn.info.requestId);
    this.frames.remove(turn);
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
    this.frames.invalidate(turn);
  }

  private summarize(turn: GhostTurn): void {
    this.summaries.settle(turn);
    if (!this.turns.has(turn.info.requestId)) return;
    putGhost(ghostSummary(turn, this.alternatives.isShown(turn.info)));
  }

  private publishFigures(turn: GhostTurn): TurnFigures {
    const figures = turnFigures(turn);
    // The HUD follows the alternative on screen.
    if (turn.self && this.alternatives.isShown(turn.info)) useGhostStore.setState({ lastFigures: figures });
    return figures;
  }
}
