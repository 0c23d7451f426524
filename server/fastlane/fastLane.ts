// The fast lane of a workspace: a FastSession per person and document (and per alternative, when a
// person streams several side by side), created on first use and dropped when the person closes
// the file, or when their connection dropped and they did not come back within the grace period
// (a person is their browser tab's client id, the same across reconnects). Everything a session
// emits goes to everyone with the document open, so collaborators watch the ghost stream
// (read-only) with the asker's name on it.
import * as Y from 'yjs';
import {
  ProtocolFailure,
  type FastDelta,
  type FastResolve,
  type FastStateEvent,
  type FastTurnInfo,
  type FastTurnSnapshot,
} from '../../lib/protocol';
import type { ModelProvider } from '../models/provider';
import { FastSession, type FastStart } from './fastSession';
import type { FastSessionReport } from './fastTurn';
import type { TranscriptStore } from './transcriptStore';
import { ReconnectGrace } from './reconnectGrace';
import { TurnRecorder } from './turnRecorder';
import { canReconnect } from '../auth/clientKey';
import { warmTurnCode } from './warmTurnCode';

export type FastLaneEmit = {
  started(path: string, turn: FastTurnSnapshot): void;
  delta(path: string, delta: FastDelta): void;
  state(path: string, event: FastStateEvent): void;
};

export type FastAsker = { client: string; name: string };

export class FastLane {
  private readonly sessions = new Map<string, FastSession>();
  private readonly grace: ReconnectGrace;
  private readonly recorder: TurnRecorder;
  private codeWarmed = false;

  constructor(
    private readonly deps: {
      provider: ModelProvider;
      transcripts: TranscriptStore;
      emit: FastLaneEmit;
      report: FastSessionReport;
      /** Throws (with the reason) when a new request may not start, e.g. the lane's budget is used up. */
      admit: () => void;
      log: (m: string) => void;
      /** How long a person's turns outlive their dropped connection. */
      reconnectGraceMs: number;
      /** Whether a person (client) is connected anywhere: this node or, in a cluster, another. */
      connected: (client: string) => Promise<boolean> | boolean;
    },
  ) {
    this.recorder = new TurnRecorder(deps.transcripts, deps.log);
    this.grace = new ReconnectGrace({
      graceMs: deps.reconnectGraceMs,
      connected: deps.connected,
      expire: (client) =>
        this.drop(
          (s) => s.by.client === client,
          (s) => s.abandon(`${s.by.name} was disconnected for more than ${shownMs(deps.reconnectGraceMs)}`),
        ),
      log: deps.log,
    });
  }

  /** Alternative k of a group runs in slot k: a person's alternatives stream side by side. */
  private session(by: FastAsker, path: string, slot: number): FastSession {
    const key = `${by.client}\n${path}\n${slot}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = new FastSession(by, path, slot, {
        provider: this.deps.provider,
        recorder: this.recorder,
        report: this.deps.report,
        reason: 'a selection in one file: a small, local edit for the fast lane',
        emit: {
          started: (info) => this.deps.emit.started(path, info),
          delta: (d) => this.deps.emit.delta(path, d),
          state: (e) => this.deps.emit.state(path, e),
        },
      });
      this.sessions.set(key, s);
    }
    return s;
  }

  /**
   * Starts a turn for this person on this document; a client-chosen request id must be new. The
   * prompt's history of earlier requests on the range is read first (in a cluster: one Redis read,
   * counted in the harness time); everything after it, up to the model request, is synchronous.
   * `textOf` gives the document's text once it is settled: the turn anchors in the same turn of the
   * event loop, so a document never starts over (a new generation) under a turn being anchored.
   */
  async start(by: FastAsker, path: string, textOf: () => Promise<Y.Text>, req: FastStart): Promise<FastTurnInfo> {
    const receivedAt = performance.now();
    this.refuseTaken(req.requestId);
    this.deps.admit();
    const history = await this.deps.transcripts.history(path, req.range);
    const text = await textOf();
    this.refuseTaken(req.requestId);
    const slot = req.alternative?.index ?? 0;
    const group = req.alternative?.group;
    // A new request replaces this person's other ghosts on the file, except its own group's alternatives.
    this.drop(
      (s) =>
        s.by.client === by.client &&
        s.path === path &&
        s.slot !== slot &&
        (group === undefined || s.alternative?.group !== group),
      (s) => s.dispose('replaced by a newer request'),
    );
    return this.session(by, path, slot).start(text, req, history, receivedAt);
  }

  private refuseTaken(requestId: string | undefined): void {
    if (requestId !== undefined && this.owner(requestId))
      throw new ProtocolFailure('conflict', `a fast edit with id ${requestId} already exists: choose a new id`);
  }

  /** The session that holds a request, if any. */
  owner(requestId: string): FastSession | undefined {
    for (const s of this.sessions.values()) if (s.requestId === requestId) return s;
    return undefined;
  }

  /** The session of this person (client) that owns a request, if any. */
  sessionOf(client: string, requestId: string): FastSession | undefined {
    const s = this.owner(requestId);
    return s?.by.client === client ? s : undefined;
  }

  /**
   * A turn that outlived its stream (a restart cut it, or its asker did not come back in time) and
   * that nobody resolved: its snapshot from the transcript, if it is on `path`.
   */
  async leftTurn(path: string, requestId: string): Promise<FastTurnSnapshot | null> {
    const left = this.owner(requestId) ? null : await this.deps.transcripts.left(requestId);
    return left?.info.path === path ? left : null;
  }

  /**
   * Its asker accepts or rejects a left turn: recorded (resolved once stored), and everyone with
   * the file open is told.
   */
  async resolveLeft(client: string, resolve: FastResolve): Promise<boolean> {
    const left = this.owner(resolve.requestId) ? null : await this.deps.transcripts.left(resolve.requestId);
    if (!left || left.info.byClient !== client) return false;
    const seq = left.seq + 1;
    await this.deps.transcripts.resolveLeft(resolve.requestId, resolve.outcome, seq);
    const event: FastStateEvent = {
      requestId: resolve.requestId,
      state: resolve.outcome,
      metrics: left.metrics,
      redirects: left.redirects,
      seq,
    };
    this.deps.emit.state(left.info.path, event);
    return true;
  }

  /** Ghosts in progress on a document, as everyone has been told them, for someone who opens it now. */
  active(path: string): FastTurnSnapshot[] {
    return [...this.sessions.values()].filter((s) => s.path === path).flatMap((s) => s.snapshot() ?? []);
  }

  /** The person closed the file: their ghosts on it stop and an unresolved one is recorded as rejected. */
  leave(client: string, path: string): void {
    this.drop(
      (s) => s.by.client === client && s.path === path,
      (s) => s.dispose(`${s.by.name} closed the file`),
    );
  }

  /** The person's last connection to this node closed: their turns wait for them (ReconnectGrace). */
  away(client: string): void {
    // A connection without a client key cannot come back: its streams stop now, nobody to wait for.
    if (!canReconnect(client))
      return this.drop(
        (s) => s.by.client === client,
        (s) => s.abandon(`${s.by.name} disconnected`),
      );
    for (const s of this.sessions.values()) if (s.by.client === client) return this.grace.away(client);
  }

  /** The person connected to this node again. */
  back(client: string): void {
    this.grace.back(client);
  }

  /** The file was deleted: every ghost on it stops and is recorded as rejected. */
  fileDeleted(path: string): void {
    this.drop(
      (s) => s.path === path,
      (s) => s.dispose(`${path} was deleted`),
    );
  }

  /** Ends the matching sessions with `end` and forgets them. */
  private drop(match: (s: FastSession) => boolean, end: (s: FastSession) => void): void {
    for (const [key, s] of this.sessions) {
      if (!match(s)) continue;
      end(s);
      this.sessions.delete(key);
    }
  }

  /** The server stops: running streams end as interrupted, with what they produced. */
  close(): void {
    this.grace.close();
    this.drop(
      () => true,
      (s) => s.abandon('the server stopped'),
    );
  }

  /** Opens (or keeps warm) the keep-alive connection to the fast model; the first time, runs a turn's code once. */
  async prewarm(): Promise<{ ms: number; warm: boolean }> {
    if (!this.codeWarmed) {
      this.codeWarmed = true;
      warmTurnCode();
    }
    const r = await this.deps.provider.prewarm();
    return { ms: r.ms, warm: r.ok };
  }

  get transcripts(): TranscriptStore {
    return this.deps.transcripts;
  }
}

const shownMs = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);
