// How the browser catches up with a turn whose events it may have missed: a gap in their numbers,
// a reconnect, or a turn gone quiet (StallWatch). It asks the server for the turn's snapshot
// (TurnResync holds the events that arrive meanwhile) and hands both back to be folded. A turn the
// server no longer has is lost: said out loud for the person's own, quietly for a collaborator's
// (it ended while this browser was not listening).
import type { FastTurnSnapshot } from '../../protocol';
import type { TurnEvent } from '../../fastlane/turnModel';
import { request, RequestError, type ClientSocket } from '../socket';
import { notify } from '../stores/noticeStore';
import type { GhostTurn } from './ghostTurn';
import { StallWatch } from './stallWatch';
import { TurnResync } from './turnResync';

export class TurnCatchUp {
  private readonly resyncing = new TurnResync();
  private readonly stalls: StallWatch;

  constructor(
    private readonly deps: {
      socket: ClientSocket;
      turns: () => GhostTurn[];
      /** The server's snapshot, then the events that came meanwhile, for a turn still followed. */
      caughtUp: (requestId: string, snapshot: FastTurnSnapshot, held: TurnEvent[]) => void;
      lost: (turn: GhostTurn) => void;
    },
  ) {
    this.stalls = new StallWatch({
      followed: () => deps.turns().map((t) => ({ requestId: t.info.requestId, streaming: t.state === 'streaming' })),
      ask: (requestId) => {
        const turn = deps.turns().find((t) => t.info.requestId === requestId);
        // While disconnected, the reconnect catches up (a request now would reach the server before the
        // document is open again there, and be refused).
        if (turn && deps.socket.connected) this.resync(turn);
      },
    });
    deps.socket.on('disconnect', () => this.resyncing.reset());
  }

  /** A turn is followed from now (its start or an event of it arrived). */
  heardFrom(requestId: string): void {
    this.stalls.heardFrom(requestId);
  }

  /** An event of a turn arrived: true when it is held for a snapshot on its way. */
  hold(requestId: string, event: TurnEvent): boolean {
    this.stalls.heardFrom(requestId);
    return this.resyncing.hold(requestId, event);
  }

  forget(requestId: string): void {
    this.stalls.forget(requestId);
  }

  /** The document was opened again after a reconnect: its turns may have moved on, or ended. */
  reconnected(path: string): void {
    for (const turn of this.deps.turns()) if (turn.info.path === path) this.resync(turn);
  }

  resync(turn: GhostTurn, first?: TurnEvent): void {
    const { requestId, path } = turn.info;
    this.resyncing.start(
      requestId,
      first,
      async () => (await request(this.deps.socket, 'fast/snapshot', { path, requestId })).turn,
      (snapshot, held) => this.deps.caughtUp(requestId, snapshot, held),
      (err) => {
        if (turn.self || !(err instanceof RequestError && err.code === 'not_found'))
          notify(
            'warning',
            `lost track of ${turn.self ? 'your' : `${turn.info.by}'s`} edit on ${path}: ${err.message}`,
          );
        this.deps.lost(turn);
      },
    );
  }
}
